import type { Clock, TimerHandle } from './clock.js';
import { TimerHeap } from './timer-heap.js';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** Resolves once every promise continuation already queued has run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that only moves when told to. Timers due at the same instant fire in the order they
 * were set. Between timers the clock lets pending promise continuations run, so async code
 * (a flow's invoked actors, a channel's playback) behaves as it would in real time.
 */
export class SimulatedClock implements Clock {
  private current = 0;
  private nextId = 1;
  /** Timers not yet fired or cleared, by id. */
  private readonly timers = new Map<number, Timer>();
  /** The same timers by due time; cleared ones stay until they surface or are swept out. */
  private readonly queue = new TimerHeap<Timer>();
  /** Work outside the simulation (a real server asked over the network) that time waits for. */
  private readonly outside = new Set<Promise<void>>();

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer: Timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    this.timers.set(timer.id, timer);
    this.queue.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle | null | undefined): void {
    if (!this.timers.delete(handle as number)) return;
    // Cleared timers are left in the heap; sweep them out once they outnumber the live ones.
    if (this.queue.size > 64 && this.queue.size > 2 * this.timers.size)
      this.queue.retain((timer) => this.timers.has(timer.id));
  }

  /**
   * Real I/O the simulation depends on (a policy server over HTTP): simulated time stands still
   * until it settles, so a server that answers in real milliseconds answers in no simulated time,
   * and no simulated deadline fires meanwhile. Returns `work` as it is.
   */
  waitFor<T>(work: Promise<T>): Promise<T> {
    const held: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    );
    this.outside.add(held);
    void held.then(() => this.outside.delete(held));
    return work;
  }

  /** Number of timers not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** When the next timer is due, or undefined when none is pending. */
  nextDue(): number | undefined {
    return this.earliest()?.at;
  }

  /** Fires the earliest timer (moving time to it) after letting async work settle. */
  async fireNext(): Promise<boolean> {
    await this.settled();
    if (!this.fireEarliest(Number.POSITIVE_INFINITY)) return false;
    await this.settled();
    return true;
  }

  /** Fires every timer due up to `time` (inclusive), then leaves the clock at `time`. */
  async runUntil(time: number): Promise<void> {
    for (;;) {
      await this.settled();
      if (!this.fireEarliest(time)) break;
    }
    this.current = Math.max(this.current, time);
  }

  /** Moves time forward by `ms`, firing what falls due. */
  advance(ms: number): Promise<void> {
    return this.runUntil(this.current + ms);
  }

  /**
   * Fires timers until `done()` holds or none is left; stops at `limit` ms. Returns whether
   * `done()` held.
   */
  async runWhile(keepGoing: () => boolean, limit = Number.POSITIVE_INFINITY): Promise<void> {
    for (;;) {
      await this.settled();
      if (!keepGoing()) return;
      if (!this.fireEarliest(limit)) return;
    }
  }

  /**
   * Fires the earliest timer if it is due by `limit`. The loops above settle once between
   * timers: one turn of the event loop per timer, where each used to take three.
   */
  private fireEarliest(limit: number): boolean {
    const timer = this.earliest();
    if (!timer || timer.at > limit) return false;
    this.queue.pop();
    this.timers.delete(timer.id);
    this.current = timer.at;
    timer.callback();
    return true;
  }

  /** Lets queued continuations run, and waits for outside work (each step may start more). */
  private async settled(): Promise<void> {
    await settle();
    while (this.outside.size > 0) {
      await Promise.race(this.outside);
      await settle();
    }
  }

  private earliest(): Timer | undefined {
    for (;;) {
      const timer = this.queue.peek();
      if (!timer || this.timers.has(timer.id)) return timer;
      this.queue.pop();
    }
  }
}
