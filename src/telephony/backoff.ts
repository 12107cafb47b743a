/** Delays for reconnect attempts: doubling from `first` up to `max`. */
export class Backoff {
  private next: number;

  constructor(
    private readonly first = 1000,
    private readonly max = 30_000,
  ) {
    this.next = first;
  }

  delay(): number {
    const current = this.next;
    this.next = Math.min(this.max, this.next * 2);
    return current;
  }

  reset(): void {
    this.next = this.first;
  }
}
