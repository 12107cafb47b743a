import type { Clock, TimerHandle } from '../src/time/index.js';

/**
 * Real time, `speed` times as fast: Foyer's flows and meeting rules and the benchmark's callers
 * and media server all wait on real Node timers, so event-loop delay and CPU time are real. It
 * counts the timers set and their total real delay, for the bare-timer baseline.
 */
export class LoadClock implements Clock {
  timersSet = 0;
  timersCleared = 0;
  /** Sum of the real delays of every timer set, in ms. */
  delayTotalMs = 0;
  private readonly origin = performance.now();

  constructor(readonly speed: number) {
    if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError(`speed must be a positive number, not ${speed}`);
  }

  /** Scaled milliseconds since the clock was made. */
  now(): number {
    return (performance.now() - this.origin) * this.speed;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    return this.after(ms, callback);
  }

  clearTimeout(handle: TimerHandle): void {
    if (handle === undefined) return;
    this.timersCleared++;
    clearTimeout(handle as NodeJS.Timeout);
  }

  /**
   * Calls `callback` with the real time it was due (performance.now() milliseconds) after `ms`
   * scaled milliseconds. Delays are rounded to whole milliseconds: Node keeps one timer list per
   * distinct delay, and fractional delays would make thousands of lists.
   */
  after(ms: number, callback: (due: number) => void): NodeJS.Timeout {
    const real = Math.max(1, Math.round(ms / this.speed));
    const due = performance.now() + real;
    this.timersSet++;
    this.delayTotalMs += real;
    return setTimeout(() => callback(due), real);
  }
}
