import { OperationTimeoutError, abandon } from '../time/index.js';

export { OperationTimeoutError };

/** The call ended while an operation was pending: it will never complete, and no longer matters. */
export class CallEndedError extends Error {
  constructor(readonly operation: string) {
    super(`${operation} abandoned: the call has ended`);
    this.name = 'CallEndedError';
  }
}

/**
 * Runs `operation` but settles no later than `timeoutMs`, or as soon as `ended` resolves (the call
 * is gone or the server is lost): a library promise that never settles cannot hold a call.
 */
export function race<T>(
  operation: string,
  promise: Promise<T>,
  timeoutMs: number,
  ended: Promise<unknown>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OperationTimeoutError(operation, timeoutMs)), timeoutMs);
  });
  const gone = ended.then(() => {
    throw new CallEndedError(operation);
  });
  // The losers may reject later; nobody is waiting for them.
  abandon(promise);
  abandon(gone);
  return Promise.race([promise, timeout, gone]).finally(() => clearTimeout(timer));
}
