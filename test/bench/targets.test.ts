import { describe, expect, it } from 'vitest';
import { loadDirectory } from '../../bench/load-directory.js';
import { buildReport, formatTable, machine, targetsMeasuredBy } from '../../bench/report.js';
import { runLoad, type LoadSettings } from '../../bench/run-load.js';
import { parseMix } from '../../bench/scenarios.js';

/** `npm run bench`'s defaults (bench/main.ts). */
const DEFAULTS = { calls: 9000, concurrency: 2000, rate: 300, clock: 'real' } as const;

describe('the benchmark prints a target only when the run was set up to measure it', () => {
  it('the defaults measure heap per call only: they can never hold 10,000 callers', () => {
    expect([...targetsMeasuredBy(DEFAULTS)]).toEqual(['heapPerCall']);
  });

  it('a capacity run (--rate 0) measures calls per core; a run with room for 10,000 measures them and their latency', () => {
    expect(targetsMeasuredBy({ ...DEFAULTS, rate: 0 }).has('callsPerCore')).toBe(true);
    const big = targetsMeasuredBy({ ...DEFAULTS, concurrency: 20_000, calls: Number.POSITIVE_INFINITY });
    expect(big.has('concurrentInIvr') && big.has('p99Latency')).toBe(true);
    expect(
      targetsMeasuredBy({ ...DEFAULTS, concurrency: 10_000, calls: 20_000, clock: 'virtual' }).has('p99Latency'),
    ).toBe(false);
  });

  it('the printed table of a small run says nothing about 10,000 callers, and says which targets it did not measure', async () => {
    const settings: LoadSettings = {
      calls: 20,
      concurrency: 10,
      rate: 0,
      durationS: undefined,
      rampS: 0,
      seed: 1,
      clock: 'virtual',
      speed: 1,
      holdMs: 1000,
      guests: 0.5,
      mix: parseMix('join=1'),
      logLevel: 'silent',
      metrics: false,
      soakSampleS: undefined,
      drainS: 600,
    };
    const result = await runLoad(settings, loadDirectory(3, 1));
    const table = formatTable(buildReport(settings, result, undefined, machine()));
    expect(table).not.toMatch(/target (MISSED|met|\(n\/a\)).*10000 callers/);
    expect(table).toMatch(
      /targets not measured +callsPerCore, concurrentInIvr, p99Latency, logicVsXState: this run was not set up for them/,
    );
  });
});
