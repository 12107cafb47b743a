/** The caller left (CANCEL, BYE) before the call could be answered. Not a failure of Foyer's. */
export class CallerGoneError extends Error {
  constructor(message = 'the caller hung up before the call was answered') {
    super(message);
    this.name = 'CallerGoneError';
  }
}
