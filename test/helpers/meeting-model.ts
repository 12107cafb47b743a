import { expect } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { getAdjacencyMap, type AdjacencyValue } from 'xstate/graph';
import type { Room } from '../../src/directory/index.js';
import type { Bundle } from '../../src/bundle/index.js';
import type { Flow, MeetingServices } from '../../src/flows/index.js';
import { settle } from '../../src/time/index.js';
import { MeetingHarness } from './meeting-harness.js';

/** What the meeting looks like to the participant under test (guards read it; it stays so along a path). */
export interface MeetingWorld {
  readonly role: 'host' | 'guest';
  readonly hostPresent: boolean;
  readonly locked: boolean;
  readonly alone: boolean;
  /** Events the rest of the meeting, or the media path, can send this participant (RELEASE, HOST_LEFT, FAILURE...). */
  readonly events: readonly string[];
}

export interface MeetingStep {
  readonly event: EventObject & { digit?: string };
  /** The state the flow is in after the event (dotted: `lobby.reminding.music`). */
  readonly state: string;
}

export interface MeetingPath {
  readonly initial: string;
  readonly steps: readonly MeetingStep[];
}

type RawState = {
  after?: Record<string, unknown>;
  invoke?: { id: string; src: string } | { id: string; src: string }[];
  states?: Record<string, RawState>;
};

/** A flow's state value as one dotted name. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  const [first] = Object.entries(value as Record<string, unknown>);
  return first ? `${first[0]}.${stateName(first[1])}` : '';
}

/** The configs of the state a snapshot is in and of its ancestors, with their dotted ids. */
function activeNodes(flow: Flow, snapshot: AnyMachineSnapshot): { id: string; node: RawState }[] {
  const nodes: { id: string; node: RawState }[] = [];
  let states = flow.config.states as Record<string, RawState> | undefined;
  const path: string[] = [];
  for (const name of stateName(snapshot.value).split('.')) {
    const node = states?.[name];
    if (!node) break;
    path.push(name);
    nodes.push({ id: path.join('.'), node });
    states = node.states;
  }
  return nodes;
}

/** Actors that finish on their own in the simulation (hold music plays until the state is left). */
const FINISHING = new Set(['playPrompts', 'playToAll', 'join', 'leave', 'hangup']);

function eventsFor(flow: Flow, world: MeetingWorld, keys: readonly string[]) {
  return (snapshot: AnyMachineSnapshot): EventObject[] => {
    if (snapshot.status !== 'active') return [];
    const events: EventObject[] = [];
    for (const key of keys) events.push({ type: 'DTMF', digit: key } as EventObject);
    for (const type of world.events) events.push({ type });
    for (const { id, node } of activeNodes(flow, snapshot)) {
      for (const delay of Object.keys(node.after ?? {}))
        events.push({ type: `xstate.after.${delay}.${flow.name}.${id}` });
      const invokes = node.invoke === undefined ? [] : Array.isArray(node.invoke) ? node.invoke : [node.invoke];
      for (const invoke of invokes)
        if (FINISHING.has(invoke.src)) events.push({ type: `xstate.done.actor.${invoke.id}` });
    }
    return events;
  };
}

/** Services that answer as `world` says and do nothing: the model only needs the guards' answers. */
function modelServices(world: MeetingWorld): MeetingServices {
  return {
    now: () => 0,
    hostPresent: () => world.hostPresent,
    locked: () => world.locked,
    others: () => (world.alone ? 0 : 1),
    othersInConference: () => (world.alone ? 0 : 1),
    enterLobby: () => undefined,
    tellHosts: () => undefined,
    say: () => undefined,
    play: () => Promise.resolve(),
    playToAll: () => Promise.resolve(),
    join: () => Promise.resolve(),
    control: () => undefined,
    leave: () => Promise.resolve(),
    hangup: () => Promise.resolve(),
  };
}

/**
 * Every transition from every reachable state of a meeting flow, for one participant in `world`:
 * one path per transition, the shortest way to its source and the transition itself.
 */
export function meetingPaths(flow: Flow, room: Room, world: MeetingWorld, keys: readonly string[]): MeetingPath[] {
  const serialize = (snapshot: AnyMachineSnapshot) => JSON.stringify([snapshot.value, snapshot.status]);
  const adjacency = getAdjacencyMap(flow.machine, {
    input: { role: world.role, room, overrides: {}, services: modelServices(world) },
    events: eventsFor(flow, world, keys),
    serializeState: serialize,
    serializeEvent: (event: EventObject) => JSON.stringify(event),
    limit: 10_000,
  } as never) as unknown as Record<string, AdjacencyValue<AnyMachineSnapshot, EventObject>>;
  const keysOf = Object.keys(adjacency);
  const initialKey = keysOf[0]!;
  const parent = new Map<string, { from: string; step: MeetingStep } | null>([[initialKey, null]]);
  const queue = [initialKey];
  while (queue.length > 0) {
    const key = queue.shift()!;
    for (const { event, state } of Object.values(adjacency[key]!.transitions)) {
      const next = serialize(state);
      if (parent.has(next)) continue;
      parent.set(next, { from: key, step: { event, state: stateName(state.value) } });
      queue.push(next);
    }
  }
  const pathTo = (key: string): MeetingStep[] => {
    const steps: MeetingStep[] = [];
    for (let at = parent.get(key); at; at = parent.get(at.from)) steps.unshift(at.step);
    return steps;
  };
  const initial = stateName(adjacency[initialKey]!.state.value);
  const paths: MeetingPath[] = [{ initial, steps: [] }];
  const seen = new Set<string>();
  for (const key of keysOf) {
    const prefix = pathTo(key);
    for (const { event, state } of Object.values(adjacency[key]!.transitions)) {
      const steps: MeetingStep[] = [...prefix, { event, state: stateName(state.value) }];
      const id = JSON.stringify(steps.map((step) => [step.event.type, step.event.digit ?? null, step.state]));
      if (seen.has(id)) continue;
      seen.add(id);
      paths.push({ initial, steps });
    }
  }
  return paths;
}

export const MEETING_KEYS = ['*', '#', '5', '6', '7'];
export const ME = 'me';

export interface MeetingVariant extends MeetingWorld {
  readonly name: string;
  /** Brings the meeting to the variant's world, then admits ME. */
  setUp(h: MeetingHarness): Promise<void>;
}

export const MEETING_VARIANTS: MeetingVariant[] = [
  {
    name: 'a guest alone, until a host comes',
    role: 'guest',
    hostPresent: false,
    locked: false,
    alone: false,
    // (Ending the meeting needs a host in it: the locked variant covers END_MEETING.)
    events: ['RELEASE', 'FAILURE'],
    setUp: (h) => h.admit(ME, '1001', '5678#'),
  },
  {
    name: 'a guest with a host who leaves',
    role: 'guest',
    hostPresent: true,
    locked: false,
    alone: false,
    events: ['HOST_LEFT', 'GUESTS_ONLY_TIMEOUT', 'FAILURE'],
    setUp: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.admit(ME, '1001', '5678#');
    },
  },
  {
    name: 'a host alone',
    role: 'host',
    hostPresent: false,
    locked: false,
    alone: true,
    events: ['FAILURE'],
    setUp: (h) => h.admit(ME, '1001', '1234#'),
  },
  {
    name: 'a guest while the host has locked the meeting',
    role: 'guest',
    hostPresent: true,
    locked: true,
    alone: false,
    events: ['RELEASE', 'END_MEETING', 'FAILURE'],
    setUp: async (h) => {
      await h.admit('host', '1001', '1234#');
      await h.clock.advance(5_000);
      await h.press('host', '*7');
      await h.clock.advance(3_000);
      await h.admit(ME, '1001', '5678#');
    },
  },
];

/** The flow states ME has been in, in order, as the meeting reports them. */
class Observed {
  readonly states: string[] = [];
  private cursor = 0;

  /** Whether `state` is where ME is now or has been since the last step; moves on to it. */
  reached(state: string): boolean {
    const index = this.states.indexOf(state, Math.max(0, this.cursor));
    if (index < 0) return false;
    this.cursor = index;
    return true;
  }
}

/** Does what the rest of the meeting (or time) does to send ME `event`. */
async function act(h: MeetingHarness, type: string, digit: string | undefined): Promise<void> {
  switch (type) {
    case 'DTMF':
      h.channel(ME).press(digit!);
      await settle();
      return;
    case 'RELEASE':
      if (h.connected().includes('host')) await h.press('host', '*7');
      else await h.admit('host', '1001', '1234#');
      return;
    case 'END_MEETING':
      await h.press('host', '##');
      return;
    case 'FAILURE':
      h.channel(ME).fail(new Error('media lost'));
      await settle();
      return;
    case 'HOST_LEFT':
    case 'GUESTS_ONLY_TIMEOUT':
      if (h.connected().includes('host')) h.hangup('host');
      await settle();
      return;
  }
}

/**
 * Runs the real session on the simulated channel along `path`: the variant's meeting, then each
 * event done by the caller, the rest of the meeting or time, checking the flow reaches each state.
 */
export async function reachPath(bundle: Bundle, variant: MeetingVariant, path: MeetingPath): Promise<MeetingHarness> {
  const observed = new Observed();
  const h = new MeetingHarness(bundle, {
    onMeetingFlowState: (callId, state) => {
      if (callId === ME && observed.states.at(-1) !== state) observed.states.push(state);
    },
  });
  await variant.setUp(h);
  const until = async (state: string, what: string) => {
    await h.clock.runWhile(() => !observed.reached(state), h.clock.now() + 1_000_000);
    expect(observed.reached(state), `${what}: ${state} (went through ${observed.states.join(' → ')})`).toBe(true);
  };
  await until(path.initial, 'admitted');
  for (const [index, { event, state }] of path.steps.entries()) {
    await act(h, event.type, event.digit);
    await until(state, `step ${index + 1} (${event.type}${event.digit ?? ''})`);
  }
  return h;
}

/** `victim` hangs up: nothing of theirs is left; then everyone else does, and nothing at all is left. */
export async function hangUpAndCheck(h: MeetingHarness, victim: string): Promise<void> {
  if (h.connected().includes(victim)) h.hangup(victim);
  await h.until(() => h.record(victim) !== undefined, `${victim}'s call to end`);
  expect(h.resources.heldBy(victim), `what ${victim} still holds`).toEqual({});
  expect(h.channel(victim).listenerCount, `${victim}'s channel listeners`).toBe(0);
  for (const other of h.connected()) h.hangup(other);
  await h.finish();
  expect(h.resources.holders(), 'what anyone still holds').toEqual({});
  expect(h.world.meetings.count, 'meetings left').toBe(0);
  expect(h.world.bridge.conferences.size, 'conferences left').toBe(0);
  expect(h.clock.pending, 'timers left').toBe(0);
}
