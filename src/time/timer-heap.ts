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
    // Sift up: move parents down into the hole until the new timer's place is found.
    let index = items.length;
    items.push(timer);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex];
      if (parent === undefined || !before(timer, parent)) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = timer;
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

  /** Sift down: move the earlier child up into the hole until the timer at `start` finds its place. */
  private sink(start: number): void {
    const items = this.items;
    const moving = items[start];
    if (moving === undefined) return;
    let index = start;
    for (;;) {
      const leftIndex = 2 * index + 1;
      const left = items[leftIndex];
      if (left === undefined) break;
      const right = items[leftIndex + 1];
      let childIndex = leftIndex;
      let child = left;
      if (right !== undefined && before(right, left)) {
        childIndex = leftIndex + 1;
        child = right;
      }
      if (!before(child, moving)) break;
      items[index] = child;
      index = childIndex;
    }
    items[index] = moving;
  }
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}
