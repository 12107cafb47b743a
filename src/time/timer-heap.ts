/** A timer waiting in a TimerHeap. */
export interface HeapTimer {
  readonly id: number;
  readonly at: number;
}

/**
 * Timers by due time, earliest first; of timers due at the same instant, the one set first.
 * A binary heap: adding and taking the earliest are O(log n), where a scan of every timer was
 * O(n) per timer fired (10,000 simulated calls hold tens of thousands of timers).
 */
export class TimerHeap<T extends HeapTimer> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(timer: T): void {
    const items = this.items;
    items.push(timer);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(items[index]!, items[parent]!)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.sink(0);
    }
    return top;
  }

  /** Keeps only the timers `keep` accepts (dropping cancelled ones in one pass). */
  retain(keep: (timer: T) => boolean): void {
    const kept = this.items.filter(keep);
    this.items.length = 0;
    this.items.push(...kept);
    for (let index = (this.items.length >> 1) - 1; index >= 0; index--) this.sink(index);
  }

  private sink(start: number): void {
    const items = this.items;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
      if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
      if (smallest === index) return;
      [items[index], items[smallest]] = [items[smallest]!, items[index]!];
      index = smallest;
    }
  }
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}
