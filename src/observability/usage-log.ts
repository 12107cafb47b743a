import { createWriteStream, openSync } from 'node:fs';
import type { Logger } from './logger.js';
import { UsageLogError } from './usage-log-error.js';

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
  /** Records that could not be written (a full disk, a file removed under it), for /health and /metrics. */
  readonly failedWrites?: number;
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

export interface StreamUsageLogOptions {
  readonly now?: () => Date;
  /** Where a failed write is reported (once: a full disk would otherwise log every record). */
  readonly logger?: Logger;
}

/**
 * Writes JSON lines to standard output or appends them to a file. The file is opened at once, so
 * a path that cannot be written stops Foyer at start-up (UsageLogError). A write that fails later
 * is logged once and counted, and never takes calls down: records are dropped until a restart.
 */
export class StreamUsageLog implements UsageLog {
  private readonly stream: NodeJS.WritableStream;
  private failed = 0;
  private broken = false;

  constructor(
    private readonly target: string,
    private readonly options: StreamUsageLogOptions = {},
  ) {
    if (target === 'stdout') {
      this.stream = process.stdout;
      return;
    }
    let fd: number;
    try {
      fd = openSync(target, 'a');
    } catch (error) {
      throw new UsageLogError(target, error as NodeJS.ErrnoException);
    }
    this.stream = createWriteStream('', { fd, flags: 'a' });
    this.stream.on('error', (error: Error) => this.fail(error));
  }

  get failedWrites(): number {
    return this.failed;
  }

  write(record: UsageRecord): void {
    if (this.broken) {
      this.failed += 1;
      return;
    }
    const now = this.options.now ?? (() => new Date());
    this.stream.write(`${JSON.stringify({ time: now().toISOString(), ...record })}\n`, (error) => {
      if (error) this.fail(error);
    });
  }

  close(): Promise<void> {
    if (this.stream === process.stdout || this.broken) return Promise.resolve();
    return new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }

  private fail(error: Error): void {
    this.failed += 1;
    if (this.broken) return;
    this.broken = true;
    this.options.logger?.error(
      { event: 'usage_log_failed', err: error, path: this.target },
      `usage log ${this.target}: writing failed (${error.message}); further records are dropped and counted until Foyer restarts`,
    );
  }
}

/** `stdout`, a file path, or nothing (no usage log). Throws UsageLogError when the file cannot be opened. */
export function usageLogFor(target: string | undefined, options: StreamUsageLogOptions = {}): UsageLog {
  return target ? new StreamUsageLog(target, options) : noUsageLog;
}
