import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerHeap, type HeapTimer } from '../../src/time/timer-heap.js';

const byDue = (a: HeapTimer, b: HeapTimer) => a.at - b.at || a.id - b.id;
const timers = fc
  .array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 })
  .map((dues) => dues.map((at, id) => ({ id, at })));

function drain(heap: TimerHeap<HeapTimer>): HeapTimer[] {
  const out: HeapTimer[] = [];
  for (let timer = heap.pop(); timer !== undefined; timer = heap.pop()) out.push(timer);
  return out;
}

describe('TimerHeap', () => {
  it('gives timers back earliest first, and of timers due together the one set first', () => {
    fc.assert(
      fc.property(timers, (list) => {
        const heap = new TimerHeap<HeapTimer>();
        for (const timer of list) heap.push(timer);
        expect(heap.size).toBe(list.length);
        expect(heap.peek()).toEqual([...list].sort(byDue)[0]);
        expect(drain(heap)).toEqual([...list].sort(byDue));
      }),
    );
  });

  it('keeps the order after retain drops some timers', () => {
    fc.assert(
      fc.property(timers, fc.integer({ min: 2, max: 5 }), (list, every) => {
        const heap = new TimerHeap<HeapTimer>();
        for (const timer of list) heap.push(timer);
        heap.retain((timer) => timer.id % every !== 0);
        expect(drain(heap)).toEqual(list.filter((timer) => timer.id % every !== 0).sort(byDue));
      }),
    );
  });
});
