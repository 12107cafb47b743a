import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; standard error by default, so standard output stays free for command output. */
  readonly destination?: NodeJS.WritableStream;
}

/** The application log: structured JSON, one event per line. Never give it a PIN. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    { level: options.level ?? 'info', base: { app: 'foyer' }, timestamp: pino.stdTimeFunctions.isoTime },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = pino({ level: 'silent' });
