import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testBundle } from '../helpers/bundle.js';
import { params } from '../helpers/fuzz.js';
import { MeetingHarness } from '../helpers/meeting-harness.js';

const bundle = testBundle();
/** Rooms with a lobby and both roles, a limit, quick timeouts, an auditorium; the PINs for each role. */
const ROOMS = {
  '1001': { host: '1234#', guest: '5678#' },
  '1004': { host: '1234#', guest: '5678#' },
  '1005': { host: '1234#', guest: '5678#' },
  '2000': { host: '2468#', guest: '1357#' },
} as const;

type Action =
  | {
      readonly kind: 'dial';
      readonly who: number;
      readonly room: keyof typeof ROOMS;
      readonly as: 'host' | 'guest' | 'wrong';
    }
  | { readonly kind: 'keys'; readonly who: number; readonly keys: string }
  | { readonly kind: 'hangup'; readonly who: number }
  | { readonly kind: 'wait'; readonly ms: number };

const who = fc.integer({ min: 0, max: 4 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('dial' as const),
      who,
      room: fc.constantFrom(...(Object.keys(ROOMS) as (keyof typeof ROOMS)[])),
      as: fc.constantFrom('host' as const, 'guest' as const, 'wrong' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('keys' as const),
      who,
      keys: fc.constantFrom('*5', '*6', '*7', '##', '*', '#', '1', '*5*5', '5'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hangup' as const), who }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 3_000, max: 200_000 })),
    }),
  },
);

describe('any meeting: callers of both roles come and go, press controls, wait; nothing is left once all have gone', () => {
  it('random sequences of arrivals, controls, hangups and waits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 25 }), async (actions) => {
        const h = new MeetingHarness(bundle);
        const dialled = new Set<number>();
        for (const step of actions) {
          const id = `c${'who' in step ? step.who : ''}`;
          if (step.kind === 'dial' && !dialled.has(step.who)) {
            dialled.add(step.who);
            h.dial(id, step.room);
            await h.clock.advance(100);
            await h.press(id, step.as === 'wrong' ? '9999#' : ROOMS[step.room][step.as]);
          } else if (step.kind === 'keys' && dialled.has(step.who)) {
            await h.press(id, step.keys);
          } else if (step.kind === 'hangup' && dialled.has(step.who)) {
            h.hangup(id);
          } else if (step.kind === 'wait') {
            await h.clock.advance(step.ms);
          }
        }
        for (const id of h.connected()) h.hangup(id);
        await h.finish();
        for (const id of h.ids()) expect(h.record(id), `${id} has a call record`).toBeDefined();
        expect(h.resources.holders(), 'what anyone still holds').toEqual({});
        expect(h.world.meetings.count, 'meetings left').toBe(0);
        expect(h.world.bridge.conferences.size, 'conferences left').toBe(0);
        expect(h.clock.pending, 'timers left').toBe(0);
      }),
      params(100),
    );
  });
});
