/**
 * Time as Foyer sees it. Everything that waits (flows' `after` delays, prompt playback in the
 * simulator, meeting timeouts) asks a Clock, so tests and the simulator run on simulated time.
 * The shape matches XState's `Clock` so one object serves both.
 */
/**
 * What a clock's setTimeout returns (Node's Timeout object, the simulated clock's number); never
 * null or undefined, so `TimerHandle | undefined` means "no timer".
 */
export type TimerHandle = object | number;

export interface Clock {
  /** Milliseconds since an arbitrary epoch fixed for this clock. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Clearing nothing (null, undefined) or a timer already fired or cleared does nothing, as in Node. */
  clearTimeout(handle: TimerHandle | null | undefined): void;
}

/** Wall-clock time, for real calls. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Wall-clock time since the Unix epoch, for state shared between processes (abuse counters and
 * blocks in Redis): every Foyer process must agree on what "now" is.
 */
export const wallClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
