import type { Clock, TimerHandle } from '../time/index.js';
import type { Release, Resources } from './resources.js';

/**
 * `clock`, with every pending timer it sets counted as a `timers` resource of `owner`: counted
 * when set, given back when it fires or is cleared.
 */
export function countedClock(clock: Clock, resources: Resources, owner: string): Clock {
  const pending = new Map<TimerHandle, Release>();
  return {
    now: () => clock.now(),
    setTimeout: (callback, ms) => {
      const release = resources.acquire('timers', owner);
      const handle = clock.setTimeout(() => {
        pending.delete(handle);
        release();
        callback();
      }, ms);
      pending.set(handle, release);
      return handle;
    },
    clearTimeout: (handle) => {
      if (handle === null || handle === undefined) return;
      pending.get(handle)?.();
      pending.delete(handle);
      clock.clearTimeout(handle);
    },
  };
}
