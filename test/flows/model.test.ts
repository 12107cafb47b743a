import { join } from 'node:path';
import type { AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { CallSession, type CallEnd } from '../../src/calls/index.js';
import { routeEntry, type Reception, type Service } from '../../src/directory/index.js';
import type { Flow } from '../../src/flows/index.js';
import { Meetings } from '../../src/meetings/index.js';
import { Resources, silentLogger } from '../../src/observability/index.js';
import { SimulatedBridge, SimulatedCall } from '../../src/simulator/index.js';
import { settle, SimulatedClock } from '../../src/time/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';
import { edgePaths, invokes, type ModelPath, type ModelStep } from '../helpers/flow-model.js';
import { GatedDirectory } from '../helpers/gated-directory.js';

const bundle = testBundle(join(FIXTURES, 'model-services.yaml'));
const KEYS = ['1', '#', '*'];

interface Variant {
  readonly name: string;
  readonly flow: string;
  /** What the caller dials. */
  readonly to: string;
  /** Keys that bring the caller to the flow under test through a reception first. */
  readonly prelude?: string;
}

const VARIANTS: Variant[] = [
  { name: 'reception', flow: 'virtual-reception', to: '8000' },
  { name: 'room without PIN', flow: 'pin-entry', to: '7000' },
  { name: 'host PIN only', flow: 'pin-entry', to: '7001' },
  { name: 'guests by #', flow: 'pin-entry', to: '7002' },
  { name: 'host and guest PIN', flow: 'pin-entry', to: '7003' },
  { name: 'host and guest PIN, handed over by a reception', flow: 'pin-entry', to: '8000', prelude: '7003#' },
];

async function serviceFor(alias: string): Promise<Service> {
  return (await bundle.directory.lookup(alias))!;
}

/** Runs the real session over a simulated channel, step by step along a path of the model. */
async function replay(flow: Flow, variant: Variant, path: ModelPath): Promise<void> {
  const clock = new SimulatedClock();
  const resources = new Resources();
  const directory = new GatedDirectory(bundle.directory);
  const meetings = new Meetings({ bridge: new SimulatedBridge(resources), clock, resources });
  const call = new SimulatedCall(clock, {
    callId: 'model',
    to: variant.to,
    from: 'sip:model@example.com',
    source: '192.0.2.1',
    script: [],
    resources,
  });
  const states: string[] = [];
  let end: CallEnd | undefined;
  const session = CallSession.run(call, {
    bundle: { ...bundle, directory },
    clock,
    logger: silentLogger,
    resources,
    admit: (request) => meetings.admit(request),
    observer: (event) => {
      if (event.type === 'state' && event.flow === flow.name) states.push(event.state);
      if (event.type === 'end') end = event;
    },
  });
  await settle();
  directory.gate();
  if (variant.prelude) {
    for (const key of variant.prelude) {
      call.channel.press(key);
      await settle();
    }
    await directory.release();
    await clock.fireNext(); // "please hold" ends: hand-off
  }
  const describeStep = (index: number) =>
    `step ${index + 1} (${path.steps[index]!.event.type}${path.steps[index]!.event.digit ?? ''})`;
  const check = (model: AnyMachineSnapshot, where: string) => {
    // An empty entry never reaches the directory: the lookup ends at once, before the test releases it.
    const instantLookup = model.value === 'lookup' && directory.waiting === 0;
    if (instantLookup) return;
    expect(states.at(-1), `${where}: state`).toBe(String(model.value));
    if (model.status === 'active') {
      const shouldPlay = invokes(flow, model).some((invoke) => invoke.src === 'playPrompts');
      expect(call.channel.playing, `${where}: prompt playing`).toBe(shouldPlay);
    }
  };
  check(path.initial, 'start');
  for (const [index, step] of path.steps.entries()) {
    const { event } = step;
    if (event.type === 'DTMF') {
      call.channel.press(event.digit!);
      await settle();
    } else if (event.type === 'xstate.done.actor.lookup') {
      if (directory.waiting > 0) await directory.release();
      await settle();
    } else if (event.type === 'xstate.error.actor.lookup') {
      directory.fail();
      await settle();
    } else if (event.type === 'xstate.done.actor.prompt') {
      // Prompts play part after part (a composed prompt has several): the actor is done after the last.
      do expect(await clock.fireNext(), `${describeStep(index)}: a prompt is playing`).toBe(true);
      while (call.channel.playing);
    } else {
      expect(await clock.fireNext(), `${describeStep(index)}: a timer is due`).toBe(true);
    }
    check(step.state, describeStep(index));
  }
  const modelStates = [path.initial, ...path.steps.map((step) => step.state)].map((snapshot) => String(snapshot.value));
  const last = path.steps.at(-1)?.state ?? path.initial;
  const expected = dedupe(modelStates);
  // A path may stop in an instant lookup that the call has already left.
  const seen = last.value === 'lookup' ? dedupe(states).slice(0, expected.length) : dedupe(states);
  expect(seen, 'the states the call went through').toEqual(expected);
  if (last.status === 'done') {
    const output = last.output as { outcome: string; reason?: string; role: string | null };
    if (output.outcome === 'joined') expect(end).toMatchObject({ outcome: 'joined', role: output.role });
    if (output.outcome === 'disconnected') {
      expect(end).toMatchObject({ outcome: 'disconnected', reason: output.reason });
      expect(call.channel.endedBy).toBe('foyer');
    }
  }
  // Hang up wherever the path ended: nothing may be left behind.
  call.channel.callerHangup();
  while (directory.waiting > 0) directory.fail();
  const result = await session;
  await result.departure;
  await clock.runWhile(() => true);
  expect(resources.heldBy('model'), 'what the call still holds').toEqual({});
  expect(resources.holders(), 'what anyone still holds (the meeting, its conference)').toEqual({});
  expect(meetings.count, 'meetings left').toBe(0);
  expect(call.channel.listenerCount, 'channel listeners left').toBe(0);
  expect(clock.pending, 'timers left').toBe(0);
  expect(call.channel.playing, 'playback left').toBe(false);
}

/** Paths as the events they take, to compare them. */
const pathKey = (steps: readonly ModelStep[]) =>
  JSON.stringify(steps.map((step) => [step.event.type, step.event.digit ?? null]));

/** What the reception's lookup answers for every entry the model can key (runs of 1s). */
async function lookupsFor(dialled: Service): Promise<Map<string, unknown>> {
  const lookups = new Map<string, unknown>();
  for (let length = 0; length <= 21; length++) {
    const entry = '1'.repeat(length);
    lookups.set(entry, await routeEntry(bundle.directory, dialled as Reception, entry, undefined));
  }
  return lookups;
}

function dedupe(list: readonly string[]): string[] {
  return list.filter((item, index) => index === 0 || list[index - 1] !== item);
}

describe.each(VARIANTS)('model-based: $flow, $name', (variant) => {
  it('every transition from every reachable state behaves as the flow says, and a hangup anywhere leaves nothing behind', async () => {
    const flow = bundle.flows.get(variant.flow)!;
    const dialled = await serviceFor(variant.to);
    const service = variant.prelude ? await serviceFor(variant.prelude.replace('#', '')) : dialled;
    const lookups = await lookupsFor(dialled);
    const { paths, states } = edgePaths(flow, {
      input: { service, handOff: variant.prelude !== undefined, buffer: '', swallowHash: false },
      keys: KEYS,
      lookup: (entry) => lookups.get(entry),
      lookupWaits: (entry) => entry !== '',
      maxBuffer: 21,
    });
    expect(states).toBeGreaterThan(0);
    if (process.env.FOYER_MODEL_STATS)
      console.log(`${variant.flow} (${variant.name}): ${states} states, ${paths.length} edge paths`);
    // Every state the flow declares is reached by some path (except those this variant cannot reach).
    const reached = new Set(
      paths
        .flatMap((path) => [path.initial, ...path.steps.map((step) => step.state)])
        .map((snapshot) => String(snapshot.value)),
    );
    expect([...reached].length).toBeGreaterThan(0);
    // The caller hangs up at the end of every path, and of the empty path (at once). Every prefix
    // of a path is a path too (each one is the shortest way to its last state), so this is a
    // hangup at every step of every path.
    const all = [{ initial: paths[0]!.initial, steps: [] }, ...paths];
    const keys = new Set(all.map((path) => pathKey(path.steps)));
    for (const path of paths) {
      for (let length = 0; length < path.steps.length; length++)
        expect(keys.has(pathKey(path.steps.slice(0, length))), 'a prefix of a path is a path').toBe(true);
    }
    for (const path of all) await replay(flow, variant, path);
  });
});

describe('model-based coverage', () => {
  it('the variants together reach every state of both flows, and every timeout and retry branch', async () => {
    const reached = new Map<string, Set<string>>();
    const events = new Map<string, Set<string>>();
    for (const variant of VARIANTS) {
      const flow = bundle.flows.get(variant.flow)!;
      const dialled = await serviceFor(variant.to);
      const service = variant.prelude ? await serviceFor(variant.prelude.replace('#', '')) : dialled;
      const lookups = await lookupsFor(dialled);
      const { paths } = edgePaths(flow, {
        input: { service, handOff: !!variant.prelude, buffer: '', swallowHash: false },
        keys: KEYS,
        lookup: (entry) => lookups.get(entry),
        lookupWaits: (entry) => entry !== '',
        maxBuffer: 21,
      });
      const seen = reached.get(flow.name) ?? new Set<string>();
      const types = events.get(flow.name) ?? new Set<string>();
      for (const path of paths) {
        seen.add(String(path.initial.value));
        for (const step of path.steps) {
          seen.add(String(step.state.value));
          types.add(step.event.type.replace(/^(xstate\.after\.[a-z_]+)\..*$/, '$1'));
        }
      }
      reached.set(flow.name, seen);
      events.set(flow.name, types);
    }
    for (const name of ['virtual-reception', 'pin-entry']) {
      const declared = Object.keys(bundle.flows.get(name)!.config.states ?? {}).filter(
        (state) => state !== 'ask' && !['checking', 'wrongPin', 'invalidNumber', 'timedOut', 'failed'].includes(state),
      );
      for (const state of declared) expect(reached.get(name), `${name}: state ${state} reached`).toContain(state);
      for (const timer of [
        'xstate.after.answer_delay',
        'xstate.after.first_digit_timeout',
        'xstate.after.inter_digit_timeout',
      ]) {
        expect(events.get(name), `${name}: ${timer}`).toContain(timer);
      }
    }
  });
});
