import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observability/index.js';

/** A real pino logger whose lines a test reads back: raw text (to scan for secrets) and parsed. */
export function capturedLogger(level = 'debug'): {
  logger: Logger;
  text: () => string;
  lines: () => Record<string, unknown>[];
} {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return {
    logger,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
