import { describe, expect, it } from 'vitest';
import { testBundle } from '../helpers/bundle.js';
import { allTransitions, exploreRoom, type RoomCase } from '../helpers/room-model.js';

const bundle = testBundle();

/** Rooms whose settings lead the room flow different ways: a limit, guests-only at once, an auditorium. */
const ROOMS: Record<string, RoomCase> = {
  'a room with host and guest PINs': { alias: '1001', hostPin: '1234#', guestPin: '5678#' },
  'a room for two': { alias: '1004', hostPin: '1234#', guestPin: '5678#' },
  'a room whose guests leave at once without a host': { alias: '1005', hostPin: '1234#', guestPin: '5678#' },
  'an auditorium': { alias: '2000', hostPin: '2468#', guestPin: '1357#' },
};

describe('the room flow, model-based', () => {
  it('callers and time, replayed through the real meetings on the simulated channel, take every transition of the room flow; everyone hanging up after any step leaves nothing behind', async () => {
    const flow = bundle.flows.get('room')!;
    const taken = new Set<string>();
    for (const [name, room] of Object.entries(ROOMS)) {
      const here = await exploreRoom(bundle, room, 4);
      if (process.env.FOYER_MODEL_STATS) console.log(`room (${name}): ${here.size} transitions`);
      for (const key of here) taken.add(key);
    }
    const transitions = allTransitions(flow.machine);
    expect(transitions.length).toBeGreaterThan(10);
    for (const transition of transitions) expect(taken, `transition ${transition}`).toContain(transition);
  }, 600_000);
});
