import { describe, expect, it } from 'vitest';
import { loadDirectory } from '../../bench/load-directory.js';
import { runLoad } from '../../bench/run-load.js';
import { SMALL_RUN } from './small-run.js';

describe('load benchmark harness', () => {
  it('runs every scenario to its expected end on the virtual clock, losing no call and leaving no handle', async () => {
    const directory = loadDirectory(5, 3);
    const result = await runLoad(SMALL_RUN, directory);
    expect(result.mismatches).toEqual([]);
    expect(result).toMatchObject({ started: 40, completed: 40, lost: 0, unexpected: 0 });
    expect(Object.keys(result.byScenario).sort()).toEqual(['hangup', 'join', 'retry', 'wrong_pin']);
    expect(result.latency.count).toBeGreaterThan(40);
    expect(result.handlesEnd).toBeLessThanOrEqual(result.handlesStart);
  });
});
