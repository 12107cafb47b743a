/**
 * A request the studio refuses: `status` is the HTTP status to answer with and `body` what the
 * page shows (a message, or the problems that made a flow invalid).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = { error: message },
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
