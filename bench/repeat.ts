import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Report } from './report.js';
import { RUN_TYPESCRIPT } from './run-typescript.js';

/**
 * `tsx bench/repeat.ts N [bench options]`: runs the benchmark N times, one after the other, each in
 * a fresh process, and prints the median of the main figures (and every run's), since one run on
 * a shared machine says little. Exits non-zero if any run lost calls.
 */
const [countText, ...args] = process.argv.slice(2);
const count = Number(countText);
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: tsx bench/repeat.ts N [bench options]\n');
  process.exit(2);
}
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const figures: Record<string, (report: Report) => number | null> = {
  'calls/s (wall)': (r) => r.calls.perSecond,
  'calls/s per core': (r) => r.calls.perCoreSecond,
  'main-thread CPU ms/call': (r) => r.cpu.mainThreadPerCallMs,
  'process CPU ms/call': (r) => r.cpu.perCallMs,
  'peak in flight': (r) => r.concurrency.peakInFlight,
  'peak in IVR': (r) => r.concurrency.peakInIvr,
  'latency p50 ms': (r) => r.latencyMs.p50,
  'latency p99 ms': (r) => r.latencyMs.p99,
  'latency max ms': (r) => r.latencyMs.max,
  'processing p99 ms': (r) => r.latencyMs.processing.p99,
  'loop delay p99 ms': (r) => r.eventLoopDelayMs.p99,
  'heap peak MB': (r) => r.memory.heapPeakMB,
  'RSS peak MB': (r) => r.memory.rssPeakMB,
  'heap per call KB': (r) => r.memory.heapPerCallKB,
  'bare XState calls/s per core': (r) => r.bareXState?.perCoreSecond ?? null,
  'Foyer / bare XState': (r) => r.bareXState?.ratio ?? null,
  'baseline ratio': (r) => r.baseline?.ratio ?? null,
};
const reports: Report[] = [];
const loads: number[] = [];
let failed = false;
for (let run = 0; run < count; run++) {
  loads.push(loadavg()[0]!);
  const result = spawnSync(process.execPath, ['--expose-gc', ...RUN_TYPESCRIPT, main, '--json', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) failed = true;
  const line = result.stdout.trim().split('\n').at(-1);
  if (!line) {
    process.stderr.write(result.stderr);
    process.exit(2);
  }
  reports.push(JSON.parse(line) as Report);
  process.stderr.write(`run ${run + 1} of ${count} done (load average ${loads.at(-1)!.toFixed(2)} before it)\n`);
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const rows = Object.entries(figures).map(([name, pick]) => {
  const values = reports.map(pick).filter((value): value is number => value !== null);
  return { name, median: values.length > 0 ? Math.round(median(values) * 1000) / 1000 : null, runs: values };
});
const width = Math.max(...rows.map((row) => row.name.length));
process.stdout.write(`median of ${count} runs: npm run bench -- ${args.join(' ')}\n`);
process.stdout.write(`load average before each run: ${loads.map((load) => load.toFixed(2)).join(', ')}\n`);
for (const row of rows)
  process.stdout.write(`${row.name.padEnd(width)}  ${String(row.median).padStart(10)}   (${row.runs.join(', ')})\n`);
process.stdout.write(
  `${JSON.stringify({ runs: count, args, loadAverages: loads, medians: Object.fromEntries(rows.map((row) => [row.name, row.median])) })}\n`,
);
process.exit(failed || reports.some((report) => !report.ok) ? 1 : 0);
