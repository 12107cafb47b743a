import { abandon } from './abandon.js';
import type { Clock } from './clock.js';
import { OperationTimeoutError } from './operation-timeout-error.js';

/**
 * Settles like `promise`, but rejects with OperationTimeoutError after `ms` of `clock` time, and
 * with `signal`'s reason as soon as it aborts (the call ended). The timer is always cleared, so a
 * finished operation leaves nothing behind; a promise that never settles is simply abandoned.
 */
export function deadline<T>(
  operation: string,
  promise: Promise<T>,
  ms: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<T> {
  if (signal?.aborted) {
    abandon(promise);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      if (signal) reject(abortReason(signal));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      reject(new OperationTimeoutError(operation, ms));
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

/** Why `signal` aborted, passed on as given (AbortSignal types it `any`). */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason;
}
