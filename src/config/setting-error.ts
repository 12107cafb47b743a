/**
 * A setting has a value Foyer cannot use. The message names where the value came from (the flag,
 * the environment variable or the config file's key) and what it must be. A wrong flag is a usage
 * error (exit 2); a wrong variable or config file is a configuration error (exit 1).
 */
export class SettingError extends Error {
  constructor(
    message: string,
    /** Where the wrong value was written. */
    readonly origin: 'flag' | 'env' | 'file',
  ) {
    super(message);
    this.name = 'SettingError';
  }
}
