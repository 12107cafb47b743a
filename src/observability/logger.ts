import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; standard error by default, so standard output stays free for command output. */
  readonly destination?: NodeJS.WritableStream;
  /**
   * `json`: one JSON event per line (for log collectors); `pretty`: one readable line per event
   * (for a person); `auto` (the default): pretty when the destination is a terminal, else JSON.
   */
  readonly format?: string;
}

/** The application log: structured JSON, one event per line. Never give it a PIN. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const isTerminal = (destination as { isTTY?: boolean }).isTTY === true;
  const readable = options.format === 'pretty' || ((options.format ?? 'auto') === 'auto' && isTerminal);
  const settings = {
    level: options.level ?? 'info',
    base: { app: 'foyer' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (!readable) return pino(settings, destination as pino.DestinationStream);
  return pino(
    settings,
    pretty({
      destination,
      sync: true,
      colorize: isTerminal,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,app',
      singleLine: true,
    }),
  );
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = pino({ level: 'silent' });
