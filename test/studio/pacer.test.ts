import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/studio/index.js';
import { settle, SimulatedClock } from '../../src/time/index.js';

describe('Pacer', () => {
  it('runs a simulated clock with real time, at the speed asked, changed on the way', async () => {
    const real = new SimulatedClock();
    const world = new SimulatedClock();
    const fired: number[] = [];
    for (const at of [1_000, 3_000, 9_000]) world.setTimeout(() => fired.push(world.now()), at);
    const pacer = new Pacer(world, 1, real);
    // Each tick brings the world up to date asynchronously: let it finish.
    const wait = async (ms: number) => {
      await real.advance(ms);
      for (let turn = 0; turn < 10; turn += 1) await settle();
    };
    pacer.start();
    await wait(1_000);
    expect(fired).toEqual([1_000]);
    pacer.setSpeed(4);
    await wait(1_000);
    expect(world.now()).toBe(5_000);
    expect(fired).toEqual([1_000, 3_000]);
    await wait(1_000);
    expect(fired).toEqual([1_000, 3_000, 9_000]);
    pacer.stop();
    await wait(10_000);
    expect(world.now()).toBe(9_000);
    expect(() => pacer.setSpeed(0)).toThrow('from 1 to 16');
  });
});
