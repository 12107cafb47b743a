import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { Room } from '../../src/directory/index.js';
import {
  bindFlowServices,
  PIN_CHECKED,
  shownKey,
  type FlowInput,
  type FlowServices,
  type PinChecked,
} from '../../src/flows/index.js';
import { settle } from '../../src/time/index.js';
import { testBundle } from '../helpers/bundle.js';

const bundle = testBundle();
const pinEntry = bundle.flows.get('pin-entry')!;
const reception = bundle.flows.get('virtual-reception')!;

async function room(alias: string): Promise<Room> {
  return (await bundle.directory.lookup(alias)) as Room;
}

/** A flow actor with services that play nothing (prompts end at once) and a PIN gate the test sets. */
function run(flow: typeof pinEntry, input: FlowInput, refused = false) {
  const services: FlowServices = {
    playPrompts: () => Promise.resolve(),
    routeNumber: () => Promise.resolve({ invalid: 'unknown' }),
    pinEntryRefused: () => refused,
  };
  const actor = createActor(flow.machine, { input });
  bindFlowServices(actor, services);
  const checks: PinChecked[] = [];
  actor.on(PIN_CHECKED, (check: PinChecked) => checks.push(check));
  actor.start();
  // Keys after the start: the initial state is taken as the actor is created, before its services are bound.
  const press = async (keys: string) => {
    for (const key of keys) actor.send({ type: 'DTMF', digit: key });
    await settle();
  };
  return { actor, checks, press };
}

describe('checkPin tells the call what it judged (XState emit), never the digits', () => {
  it('each entry typed ahead of a prompt is one check, in order', async () => {
    const service = await room('1001');
    const { actor, checks, press } = run(pinEntry, { service, handOff: true, buffer: '', swallowHash: false });
    await press('1111#5678#');
    expect(checks).toEqual([
      { type: PIN_CHECKED, good: false, empty: false, refused: false },
      { type: PIN_CHECKED, good: true, empty: false, refused: false },
    ]);
    expect(JSON.stringify(checks)).not.toMatch(/1111|5678/);
    actor.stop();
  });

  it('while a block is in force every entry is refused, the right one too', async () => {
    const service = await room('1002');
    const { actor, checks, press } = run(pinEntry, { service, handOff: true, buffer: '', swallowHash: false }, true);
    await press('1234#');
    expect(checks).toEqual([{ type: PIN_CHECKED, good: false, empty: false, refused: true }]);
    actor.stop();
  });
});

describe('which keys may be shown', () => {
  it('a room number keyed at a reception is shown; once it is complete, the next keys (the PIN, typed ahead) are not', async () => {
    const service = (await bundle.directory.lookup('8000'))!;
    const { actor } = run(reception, { service, handOff: false, buffer: '', swallowHash: false });
    const shown: string[] = [];
    for (const key of '1001#1234#') {
      shown.push(shownKey(key, actor.getSnapshot(), reception.settings.maxDigits));
      actor.send({ type: 'DTMF', digit: key });
    }
    expect(shown.join('')).toBe('1001#xxxxx');
    actor.stop();
  });

  it('keys in a PIN entry, and keys with no flow running, are masked', async () => {
    const service = await room('1002');
    const { actor } = run(pinEntry, { service, handOff: true, buffer: '', swallowHash: false });
    expect(shownKey('1', actor.getSnapshot(), pinEntry.settings.maxDigits)).toBe('x');
    expect(shownKey('1', undefined, 0)).toBe('x');
    actor.stop();
  });
});
