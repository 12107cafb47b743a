import { createWriteStream, type WriteStream } from 'node:fs';

/** One usage record: what happened, to which call and service. Never a PIN. */
export interface UsageRecord {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * The usage log: one JSON line per event (instance started/ended, participant joined/left, PIN
 * attempts, blocks, and one `call_ended` per call), separate from the application log.
 */
export interface UsageLog {
  write(record: UsageRecord): void;
  /** Flushes and closes the destination. */
  close?(): Promise<void>;
}

export const noUsageLog: UsageLog = { write: () => undefined };

/** Keeps records in memory (tests, the simulator). */
export class MemoryUsageLog implements UsageLog {
  readonly records: (UsageRecord & { time: string })[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  write(record: UsageRecord): void {
    this.records.push({ time: this.now().toISOString(), ...record });
  }
}

/** Writes JSON lines to standard output or appends them to a file. */
export class StreamUsageLog implements UsageLog {
  private readonly stream: NodeJS.WritableStream;
  /** The file appended to; undefined when writing to standard output (which is never closed). */
  private readonly file: WriteStream | undefined;

  constructor(
    target: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = target === 'stdout' ? undefined : createWriteStream(target, { flags: 'a' });
    this.stream = this.file ?? process.stdout;
  }

  write(record: UsageRecord): void {
    this.stream.write(`${JSON.stringify({ time: this.now().toISOString(), ...record })}\n`);
  }

  close(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    return new Promise((resolve) => file.end(resolve));
  }
}

/** `stdout`, a file path, or nothing (no usage log). */
export function usageLogFor(target: string | undefined, now?: () => Date): UsageLog {
  return target ? new StreamUsageLog(target, now) : noUsageLog;
}
