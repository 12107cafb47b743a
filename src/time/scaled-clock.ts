import type { Clock } from './clock.js';

/**
 * A clock that runs `speed` times as fast as `base`: a 10 s timeout on a clock at speed 10 fires
 * after 1 s of `base` time. For trying flows in a terminal without sitting through every delay.
 */
export function scaledClock(base: Clock, speed: number): Clock {
  if (!(Number.isFinite(speed) && speed > 0))
    throw new RangeError(`clock speed must be a positive number, not ${speed}`);
  const start = base.now();
  return {
    now: () => start + (base.now() - start) * speed,
    setTimeout: (callback, ms) => base.setTimeout(callback, ms / speed),
    clearTimeout: (handle) => base.clearTimeout(handle),
  };
}
