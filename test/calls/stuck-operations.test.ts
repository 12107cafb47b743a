import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/bundle/index.js';
import { handleCall, type CallRecord } from '../../src/calls/index.js';
import type { Directory } from '../../src/directory/index.js';
import { SimulationWorld } from '../../src/simulator/index.js';
import { testBundle } from '../helpers/bundle.js';
import { StuckCall, type StuckOperation } from '../helpers/stuck-channel.js';

const bundle = testBundle();
const TIMEOUT_MS = 10_000;
const duration = (id: string) => bundle.catalogue.resolve(id, bundle.voice).durationMs;

/** A directory that never answers for the aliases given (a policy server that hangs). */
function hangingDirectory(inner: Directory, hangs: (dialled: string) => boolean): Directory {
  return {
    lookup: (dialled, signal) => (hangs(dialled) ? new Promise(() => undefined) : inner.lookup(dialled, signal)),
    services: () => inner.services(),
  };
}

/** One call on a channel whose media server stops answering for `stuck`, in a simulated world with meetings. */
async function stuckCall(
  to: string,
  stuck: readonly StuckOperation[],
  options: { bundle?: Bundle; keys?: string; hangupAtMs?: number } = {},
) {
  const world = new SimulationWorld({ bundle: options.bundle ?? bundle, operationTimeoutMs: TIMEOUT_MS });
  const call = new StuckCall('stuck', to, world.clock, world.resources, stuck);
  let record: CallRecord | undefined;
  const done = handleCall(call, { ...world.sessionOptions(undefined), usage: world.usage }).then(
    (result) => (record = result),
  );
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- keys are single ASCII characters
  for (const [index, key] of [...(options.keys ?? '')].entries())
    world.clock.setTimeout(() => call.channel.press(key), 100 + index * 250);
  if (options.hangupAtMs !== undefined) world.clock.setTimeout(() => call.channel.callerHangup(), options.hangupAtMs);
  await world.clock.runWhile(() => record === undefined);
  await done;
  return { record: record!, endedAt: world.clock.now(), call, world };
}

function expectNothingLeft(world: SimulationWorld) {
  expect(world.resources.holders(), 'what anyone still holds').toEqual({});
  expect(world.clock.pending, 'timers left').toBe(0);
  expect(world.meetings.count, 'meetings left').toBe(0);
}

describe('a media server that never answers cannot hold a call', () => {
  it('a prompt that never ends: the call is disconnected (media_failure) once its length and the timeout have passed', async () => {
    const { record, endedAt, call, world } = await stuckCall('1002', ['play']);
    expect(record).toMatchObject({ outcome: 'disconnected', reason: 'media_failure', service: 'Host only' });
    // The answer delay (2 s), then the PIN prompt, stuck.
    expect(endedAt).toBe(2_000 + duration('pin.enter') + TIMEOUT_MS);
    expect(call.channel.endedBy).toBe('foyer');
    expect(call.channel.stuckCalls.play).toBe(1);
    expectNothingLeft(world);
  });

  it('a join that never answers: the caller hears why and is disconnected after the timeout', async () => {
    const { record, endedAt, call, world } = await stuckCall('1000', ['join']);
    expect(record).toMatchObject({
      outcome: 'disconnected',
      reason: 'media_failure',
      admitted: true,
      service: 'Open room',
    });
    expect(call.channel.played.at(-1)?.id).toBe('call.technical_problem');
    expect(endedAt).toBe(TIMEOUT_MS + duration('call.technical_problem'));
    expect(call.channel.endedBy).toBe('foyer');
    expectNothingLeft(world);
  });

  it('nothing answers at all (play, join, hangup): the call still ends, within the timeouts', async () => {
    const { record, endedAt, world } = await stuckCall('1000', ['play', 'join', 'hangup']);
    expect(record).toMatchObject({ outcome: 'disconnected', reason: 'media_failure' });
    expect(endedAt).toBeLessThanOrEqual(TIMEOUT_MS + duration('call.technical_problem') + TIMEOUT_MS + TIMEOUT_MS);
    expectNothingLeft(world);
  });

  it('a hangup that never answers after three wrong PINs does not hold the call', async () => {
    const { record, world, call } = await stuckCall('1002', ['hangup'], { keys: '1111#2222#3333#' });
    expect(record).toMatchObject({ outcome: 'disconnected', reason: 'pin_invalid' });
    expect(call.channel.stuckCalls.hangup).toBe(1);
    expectNothingLeft(world);
  });

  it('a caller who hangs up while the join is pending leaves at once, not after the timeout', async () => {
    const { record, endedAt, world } = await stuckCall('1000', ['join'], { hangupAtMs: 1_000 });
    expect(record).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup' });
    expect(endedAt).toBe(1_000);
    expectNothingLeft(world);
  });

  it('a caller who hangs up during a prompt that never ends leaves at once', async () => {
    const { record, endedAt, world } = await stuckCall('1002', ['play'], { hangupAtMs: 3_000 });
    expect(record).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup' });
    expect(endedAt).toBe(3_000);
    expectNothingLeft(world);
  });
});

describe('a directory that never answers cannot hold a call', () => {
  it('looking up the dialled alias: refused as unavailable (503) after the lookup timeout', async () => {
    const slow = { ...bundle, directory: hangingDirectory(bundle.directory, () => true) };
    const { record, endedAt, call, world } = await stuckCall('1002', [], { bundle: slow });
    expect(record).toMatchObject({ outcome: 'rejected', reason: 'lookup_failed', admitted: false });
    expect(endedAt).toBe(5_000);
    expect(call.rejected).toBe('unavailable');
    expectNothingLeft(world);
  });

  it('looking up a number keyed at a reception: the caller hears of a technical problem and is disconnected (lookup_failed)', async () => {
    const slow = { ...bundle, directory: hangingDirectory(bundle.directory, (dialled) => dialled.startsWith('1001')) };
    const { record, call, world } = await stuckCall('8000', [], { bundle: slow, keys: '1001#' });
    expect(record).toMatchObject({ outcome: 'disconnected', reason: 'lookup_failed', service: 'Reception' });
    expect(call.channel.played.at(-1)?.id).toBe('call.technical_problem');
    expectNothingLeft(world);
  });

  it('a caller who hangs up during a lookup that never answers leaves at once', async () => {
    const slow = { ...bundle, directory: hangingDirectory(bundle.directory, (dialled) => dialled.startsWith('1001')) };
    const { record, endedAt, world } = await stuckCall('8000', [], { bundle: slow, keys: '1001#', hangupAtMs: 2_000 });
    expect(record).toMatchObject({ outcome: 'hangup', reason: 'caller_hangup' });
    expect(endedAt).toBe(2_000);
    expectNothingLeft(world);
  });
});
