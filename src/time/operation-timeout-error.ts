/**
 * An operation (a media command, a directory lookup, a conference command) did not settle in time.
 * Names the operation so the log says what did not answer; the call it belonged to is ended
 * cleanly or goes on without it.
 */
export class OperationTimeoutError extends Error {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation} did not answer within ${timeoutMs} ms`);
    this.name = 'OperationTimeoutError';
  }
}
