import { describe, expect, it } from 'vitest';
import { CallSession, type CallEvent } from '../../src/calls/index.js';
import type { Room } from '../../src/directory/index.js';
import { parseKeyScript, SimulatedCall, SimulationWorld } from '../../src/simulator/index.js';
import { settle } from '../../src/time/index.js';
import { testBundle } from '../helpers/bundle.js';

const bundle = testBundle();

function start(world: SimulationWorld, to: string, source: string, keys = '') {
  const call = new SimulatedCall(world.clock, {
    callId: source,
    to,
    from: 'sip:a@example.com',
    source,
    script: parseKeyScript(keys),
  });
  const events: CallEvent[] = [];
  const done = CallSession.run(
    call,
    world.sessionOptions((event) => events.push(event)),
  );
  return { call, events, done };
}

/** Blocks the room's PIN entry: 21 wrong PINs from 21 other sources. */
async function blockRoom(world: SimulationWorld, room: Room) {
  for (let i = 1; i <= 21; i++)
    await world.guard.pinJudged(
      room,
      world.guard.sourceOf({ address: `198.51.100.${i}` }),
      { good: false, empty: false, refused: false },
      `g${i}`,
    );
}

describe('a block placed while a caller is entering a PIN', () => {
  it('applies from the next key on: the right PIN is then judged wrong, and the call ends room_blocked', async () => {
    const world = new SimulationWorld({ bundle });
    const room = (await bundle.directory.lookup('1002')) as Room;
    const { call, events, done } = start(world, '1002', '192.0.2.20');
    await world.clock.advance(3000); // hearing the PIN prompt
    await blockRoom(world, room);
    for (const key of '1234#') {
      call.channel.press(key);
      await settle();
    }
    await world.clock.advance(1000);
    expect(events.filter((event) => event.type === 'pin_attempt')).toEqual([
      { type: 'pin_attempt', service: 'Host only', good: false, empty: false, blocked: true },
    ]);
    expect(events.filter((event) => event.type === 'prompt').map((event) => (event as { id: string }).id)).toContain(
      'pin.invalid',
    );
    await world.clock.runWhile(() => call.channel.endedBy === undefined);
    expect(await done).toMatchObject({ outcome: 'disconnected', reason: 'room_blocked' });
  });

  it('does not touch a caller who entered the right PIN for the room before', async () => {
    const world = new SimulationWorld({ bundle });
    const room = (await bundle.directory.lookup('1002')) as Room;
    const regular = world.guard.sourceOf({ address: '192.0.2.21' });
    await world.guard.pinJudged(room, regular, { good: true, empty: false, refused: false }, 'earlier');
    const { call, done } = start(world, '1002', '192.0.2.21');
    await world.clock.advance(3000);
    await blockRoom(world, room);
    for (const key of '1234#') call.channel.press(key);
    await world.clock.runWhile(() => call.channel.joined === undefined);
    expect(await done).toMatchObject({ outcome: 'joined', role: 'host' });
  });

  it('keys typed ahead reach the flow in order, each after the check', async () => {
    const world = new SimulationWorld({ bundle });
    const { call, events, done } = start(world, '1001', '192.0.2.22');
    await world.clock.advance(500);
    for (const key of '1111#5678#') call.channel.press(key);
    await world.clock.runWhile(() => call.channel.joined === undefined);
    expect(await done).toMatchObject({ outcome: 'joined', role: 'guest' });
    expect(
      events.filter((event) => event.type === 'pin_attempt').map((event) => (event as { good: boolean }).good),
    ).toEqual([false, true]);
  });
});
