import type { Clock, TimerHandle } from '../src/time/index.js';
import { SimulatedClock } from '../src/time/index.js';

/**
 * The clock of a benchmark run: Foyer's clock (flows, meetings) and the callers' and media
 * server's timers. It counts the timers set, for the bare-timer baseline.
 */
export interface LoadClock extends Clock {
  readonly kind: 'real' | 'virtual';
  readonly timersSet: number;
  readonly timersCleared: number;
  /** Sum of the real delays of every timer set, in ms (0 on a virtual clock). */
  readonly delayTotalMs: number;
  /**
   * Calls `callback` after `ms` scaled milliseconds with the real time (performance.now() ms)
   * the event was due: on a virtual clock, when it is delivered.
   */
  after(ms: number, callback: (due: number) => void): TimerHandle;
  /** The real time (performance.now() ms) of `ms` on this clock: on a virtual clock, now. */
  realTime(ms: number): number;
  /** Runs `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
  /** Lets the run proceed until `done()`; real clocks just wait, virtual ones fire timers. */
  run(done: () => boolean, drained: () => boolean): Promise<void>;
}

/**
 * Real time, `speed` times as fast: Foyer's flows and meeting rules and the benchmark's callers
 * and media server all wait on real Node timers, so event-loop delay and CPU time are real.
 */
export class RealLoadClock implements LoadClock {
  readonly kind = 'real';
  timersSet = 0;
  timersCleared = 0;
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
    this.timersCleared++;
    clearTimeout(handle as NodeJS.Timeout);
  }

  /**
   * Delays are rounded to whole milliseconds: Node keeps one timer list per distinct delay, and
   * fractional delays would make thousands of lists.
   */
  after(ms: number, callback: (due: number) => void): TimerHandle {
    const real = Math.max(1, Math.round(ms / this.speed));
    const due = performance.now() + real;
    this.timersSet++;
    this.delayTotalMs += real;
    return setTimeout(() => callback(due), real);
  }

  realTime(ms: number): number {
    return this.origin + ms / this.speed;
  }

  every(ms: number, tick: () => void): () => void {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  }

  async run(): Promise<void> {}
}

/**
 * Simulated time on Foyer's SimulatedClock: no waiting, timers fire as fast as the process can
 * run them, one at a time with promise continuations settled between them. What it measures
 * is CPU: calls/s is the most this process can do; latencies are Foyer's own processing.
 */
export class VirtualLoadClock implements LoadClock {
  readonly kind = 'virtual';
  readonly speed = 1;
  timersSet = 0;
  timersCleared = 0;
  readonly delayTotalMs = 0;
  private readonly clock = new SimulatedClock();

  now(): number {
    return this.clock.now();
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    this.timersSet++;
    return this.clock.setTimeout(callback, ms);
  }

  clearTimeout(handle: TimerHandle): void {
    this.timersCleared++;
    this.clock.clearTimeout(handle);
  }

  after(ms: number, callback: (due: number) => void): TimerHandle {
    return this.setTimeout(() => callback(performance.now()), ms);
  }

  realTime(): number {
    return performance.now();
  }

  every(ms: number, tick: () => void): () => void {
    let handle: TimerHandle;
    const again = () => {
      tick();
      handle = this.clock.setTimeout(again, ms);
    };
    handle = this.clock.setTimeout(again, ms);
    return () => this.clock.clearTimeout(handle);
  }

  async run(done: () => boolean, drained: () => boolean): Promise<void> {
    await this.clock.runWhile(() => !done() && !drained());
  }
}
