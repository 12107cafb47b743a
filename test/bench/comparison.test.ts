import { describe, expect, it } from 'vitest';
import { compareRows, formatComparison, type AppRun } from '../../bench/sipp/comparison.js';

const run = (app: 'foyer' | 'bare', appCpuMs: number, idle: number, rss: number): AppRun => ({
  app,
  rate: 3,
  sippExit: 0,
  calls: 90,
  ok: 90,
  failed: 0,
  joined: 90,
  appCpuMs,
  freeswitchCpuMs: 900,
  drachtioCpuMs: null,
  peakRssMB: rss,
  idleCpuMsPerS: idle,
});

describe('the SIPp comparison of Foyer and the bare app', () => {
  it('sums the rounds per app (A B A B) and prints Foyer against the bare app with the targets', () => {
    const rows = compareRows([
      run('foyer', 4500, 9, 120),
      run('bare', 2000, 1, 60),
      run('foyer', 4100, 10, 130),
      run('bare', 2300, 2, 62),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.foyer).toMatchObject({ runs: 2, calls: 180, joined: 180, appCpuMsPerCall: 47.78, peakRssMB: 130 });
    expect(rows[0]!.bare.appCpuMsPerCall).toBe(23.89);
    expect(rows[0]!.ratios).toMatchObject({
      appCpuPerCall: 2,
      freeswitchCpuPerCall: 1,
      drachtioCpuPerCall: null,
      idleCpu: 6.33,
    });
    const table = formatComparison({ nproc: 2 }, rows);
    expect(table).toMatch(/^ +3 +foyer +2 +180 +180 +0 +180 +47\.78 +10 +- +130 +9\.5$/m);
    expect(table).toContain(
      'Foyer / bare at 3 calls/s: app CPU per call 2x (target <= 1.2x: MISSED), FreeSWITCH 1x, drachtio-server -, peak RSS 2.1x, idle CPU 6.33x (target <= 2x: MISSED)',
    );
  });
});
