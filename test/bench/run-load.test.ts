import { describe, expect, it } from 'vitest';
import { loadDirectory } from '../../bench/load-directory.js';
import { runLoad } from '../../bench/run-load.js';
import { parseMix } from '../../bench/scenarios.js';

describe('load benchmark harness', () => {
  it('runs every scenario to its expected end on the virtual clock, losing no call and leaving no handle', async () => {
    const directory = loadDirectory(5, 3);
    const result = await runLoad(
      {
        calls: 40,
        concurrency: 10,
        rate: 0,
        durationS: undefined,
        rampS: 0,
        seed: 3,
        clock: 'virtual',
        speed: 1,
        holdMs: 2000,
        guests: 0.5,
        mix: parseMix('join=1,retry=1,wrong_pin=1,hangup=1'),
        logLevel: 'silent',
        metrics: true,
        soakSampleS: undefined,
        drainS: 600,
      },
      directory,
    );
    expect(result.mismatches).toEqual([]);
    expect(result).toMatchObject({ started: 40, completed: 40, lost: 0, unexpected: 0 });
    expect(Object.keys(result.byScenario).sort()).toEqual(['hangup', 'join', 'retry', 'wrong_pin']);
    expect(result.latency.count).toBeGreaterThan(40);
    expect(result.handlesEnd).toBeLessThanOrEqual(result.handlesStart);
  });
});
