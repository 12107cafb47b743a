import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { getAdjacencyMap, type AdjacencyValue } from 'xstate/graph';
import type { Room } from '../../src/directory/index.js';
import type { Flow, MeetingServices } from '../../src/flows/index.js';

/** What the meeting looks like to the participant under test (guards read it; it stays so along a path). */
export interface MeetingWorld {
  readonly role: 'host' | 'guest';
  readonly hostPresent: boolean;
  readonly locked: boolean;
  readonly alone: boolean;
  /** Events the rest of the meeting can send this participant (RELEASE, HOST_LEFT...). */
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
