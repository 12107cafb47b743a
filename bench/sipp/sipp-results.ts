import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of SIPp's statistics file (-trace_stat), written every -fd seconds. */
export interface SippStep {
  readonly elapsedS: number;
  readonly targetRate: number;
  /** Calls per second started in this period. */
  readonly callRate: number;
  readonly currentCalls: number;
  readonly successful: number;
  readonly failed: number;
  readonly successfulTotal: number;
  readonly failedTotal: number;
}

export interface SippResults {
  readonly steps: readonly SippStep[];
  readonly created: number;
  readonly successful: number;
  readonly failed: number;
  /** INVITE to 200 OK per call (response time 1), ms, sorted. */
  readonly responseTimesMs: readonly number[];
}

/** `01:02:03` or `01:02:03:004005` (hours, minutes, seconds, microseconds), or a plain number, as seconds. */
function seconds(text: string | undefined): number {
  if (!text) return 0;
  const parts = text.split(':').map(Number);
  if (parts.length >= 3) return parts[0]! * 3600 + parts[1]! * 60 + parts[2]! + (parts[3] ?? 0) / 1e6;
  return Number(text) || 0;
}

/** Reads the statistics and response-time files SIPp left in `folder`. */
export function readSippResults(folder: string, statsFile: string): SippResults {
  const lines = existsSync(statsFile) ? readFileSync(statsFile, 'utf8').trim().split('\n') : [];
  const header = (lines[0] ?? '').split(';');
  const column = (row: string[], name: string) => row[header.indexOf(name)];
  const steps = lines.slice(1).map((line): SippStep => {
    const row = line.split(';');
    const number = (name: string) => Number(column(row, name)) || 0;
    return {
      elapsedS: Math.round(seconds(column(row, 'ElapsedTime(C)'))),
      targetRate: number('TargetRate'),
      callRate: number('CallRate(P)'),
      currentCalls: number('CurrentCall'),
      successful: number('SuccessfulCall(P)'),
      failed: number('FailedCall(P)'),
      successfulTotal: number('SuccessfulCall(C)'),
      failedTotal: number('FailedCall(C)'),
    };
  });
  const last = lines.length > 1 ? lines[lines.length - 1]!.split(';') : [];
  const rtt = readdirSync(folder).find((name) => name.endsWith('_rtt.csv'));
  const responseTimesMs = rtt
    ? readFileSync(join(folder, rtt), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => Number(line.split(';')[1]))
        .filter((value) => Number.isFinite(value))
        .sort((a, b) => a - b)
    : [];
  return {
    steps,
    created: Number(column(last, 'TotalCallCreated')) || 0,
    successful: Number(column(last, 'SuccessfulCall(C)')) || 0,
    failed: Number(column(last, 'FailedCall(C)')) || 0,
    responseTimesMs,
  };
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
