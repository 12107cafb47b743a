import { describe, expect, it } from 'vitest';
import { bareXStateApp } from '../../bench/bare-xstate.js';
import { loadDirectory } from '../../bench/load-directory.js';
import { buildReport, formatTable, machine } from '../../bench/report.js';
import { runLoad, type LoadSettings } from '../../bench/run-load.js';
import { SMALL_RUN } from './small-run.js';

const SETTINGS: LoadSettings = { ...SMALL_RUN, metrics: false };

describe('the bare XState baseline', () => {
  it('ends every scenario as Foyer does for the same callers, and the report prints Foyer against it', async () => {
    const directory = loadDirectory(5, 3);
    const bare = await runLoad(SETTINGS, directory, bareXStateApp);
    expect(bare.mismatches).toEqual([]);
    expect(bare).toMatchObject({ started: 40, completed: 40, lost: 0, unexpected: 0 });
    const foyer = await runLoad(SETTINGS, directory);
    expect(bare.byScenario).toEqual(foyer.byScenario);
    expect(bare.outcomes).toEqual(foyer.outcomes);
    expect(bare.handlesEnd).toBeLessThanOrEqual(bare.handlesStart);

    const report = buildReport(SETTINGS, foyer, undefined, machine(), bare);
    expect(report.bareXState).toMatchObject({ completed: 40, lost: 0, unexpected: 0 });
    expect(report.bareXState!.ratio).toBeGreaterThan(0);
    const table = formatTable(report);
    expect(table).toMatch(/^bare XState +\d+ calls\/s per core/m);
    expect(table).toMatch(/^Foyer \/ bare XState +\d+(\.\d+)?x calls\/s per core \(target >= 0\.5x: (met|MISSED)\)$/m);
    expect(table).toMatch(/^target (met|MISSED) +>= 0\.5x the calls\/s per core of bare XState/m);
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({ bareXState: { ratio: report.bareXState!.ratio } });
  });
});
