import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, StreamUsageLog, UsageLogError } from '../../src/observability/index.js';
import { skipNotice } from '../helpers/skip-notice.js';

/** Log lines as objects, from a logger writing into memory. */
function memoryLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ destination, format: 'json' }), lines };
}

const hasDevFull = existsSync('/dev/full');
if (!hasDevFull)
  skipNotice('a usage log write that fails later', 'no /dev/full on this system to stand for a full disk');

describe('the usage log file', () => {
  it('a path that cannot be opened is an error at once, naming the path and the cause', () => {
    expect(() => new StreamUsageLog('/nonexistent/folder/usage.jsonl')).toThrow(UsageLogError);
    expect(() => new StreamUsageLog('/nonexistent/folder/usage.jsonl')).toThrow(
      'usage log /nonexistent/folder/usage.jsonl cannot be opened for appending: its folder does not exist',
    );
    expect(() => new StreamUsageLog('/tmp')).toThrow('it is a folder');
  });

  it.skipIf(!hasDevFull)(
    'a write that fails later (a full disk) is logged once and counted, and nothing throws',
    async () => {
      const { logger, lines } = memoryLogger();
      // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does.
      const usage = new StreamUsageLog('/dev/full', { logger });
      for (let index = 0; index < 5; index += 1) usage.write({ type: 'call_ended', call_id: `c${index}` });
      await vi.waitFor(() => expect(usage.failedWrites).toBeGreaterThan(0));
      for (let index = 0; index < 3; index += 1) usage.write({ type: 'call_ended', call_id: `d${index}` });
      expect(usage.failedWrites).toBeGreaterThanOrEqual(4);
      const failures = lines.filter((line) => line.event === 'usage_log_failed');
      expect(failures).toHaveLength(1);
      expect(String(failures[0]!.msg)).toContain('usage log /dev/full: writing failed');
      await usage.close();
    },
  );
});
