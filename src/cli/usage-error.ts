/** The command line was wrong (a missing or conflicting option, a bad key script): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
