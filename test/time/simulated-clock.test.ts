import { describe, expect, it } from 'vitest';
import { SimulatedClock, type TimerHandle } from '../../src/time/index.js';

describe('simulated clock', () => {
  it('fires timers in due order, same-instant timers in the order they were set, and never a cleared one', async () => {
    const clock = new SimulatedClock();
    const fired: string[] = [];
    const expected: { name: string; at: number; order: number }[] = [];
    const handles = new Map<string, TimerHandle>();
    // A fixed pseudo-random pattern: many timers, many at the same instant, a third cleared.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let index = 0; index < 600; index++) {
      const name = `t${index}`;
      const at = Math.floor(next() * 50) * 10;
      handles.set(
        name,
        clock.setTimeout(() => fired.push(name), at),
      );
      expected.push({ name, at, order: index });
    }
    const cleared = new Set(expected.filter((_, index) => index % 3 === 0).map((timer) => timer.name));
    for (const name of cleared) clock.clearTimeout(handles.get(name));
    expect(clock.pending).toBe(400);
    await clock.runWhile(() => true);
    const order = expected.filter((timer) => !cleared.has(timer.name)).sort((a, b) => a.at - b.at || a.order - b.order);
    expect(fired).toEqual(order.map((timer) => timer.name));
    expect(clock.pending).toBe(0);
    expect(clock.now()).toBe(order.at(-1)!.at);
  });

  it('timers set while firing take their place; nextDue skips cleared timers', async () => {
    const clock = new SimulatedClock();
    const fired: number[] = [];
    const first = clock.setTimeout(() => fired.push(1), 10);
    clock.setTimeout(() => {
      fired.push(2);
      clock.setTimeout(() => fired.push(4), 0);
      clock.setTimeout(() => fired.push(5), 5);
    }, 20);
    clock.setTimeout(() => fired.push(3), 20);
    clock.clearTimeout(first);
    expect(clock.nextDue()).toBe(20);
    await clock.advance(100);
    expect(fired).toEqual([2, 3, 4, 5]);
    expect(clock.now()).toBe(100);
  });
});
