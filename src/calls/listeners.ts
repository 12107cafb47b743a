/** A small typed event hub: `on` returns the function that removes the listener. */
export class Listeners<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  private readonly map = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    const set = this.map.get(event) ?? new Set();
    set.add(listener);
    this.map.set(event, set);
    return () => {
      set.delete(listener);
    };
  }

  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const listener of [...(this.map.get(event) ?? [])])
      (listener as (...a: Parameters<Events[K]>) => void)(...args);
  }

  /** How many listeners are registered (for leak checks). */
  get size(): number {
    let total = 0;
    for (const set of this.map.values()) total += set.size;
    return total;
  }

  clear(): void {
    this.map.clear();
  }
}
