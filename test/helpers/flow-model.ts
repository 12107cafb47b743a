import { getAdjacencyMap, type AdjacencyValue } from 'xstate/graph';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import type { Flow, FlowContext, FlowInput } from '../../src/flows/index.js';

export interface ModelStep {
  readonly event: EventObject & { output?: unknown; digit?: string };
  readonly state: AnyMachineSnapshot;
}

export interface ModelPath {
  readonly steps: readonly ModelStep[];
  readonly initial: AnyMachineSnapshot;
}

export interface ModelOptions {
  readonly input: FlowInput;
  /** Keys the caller may press at any step. */
  readonly keys: readonly string[];
  /** What a lookup of `entry` answers (the done event's output). */
  readonly lookup?: (entry: string) => unknown;
  /** Whether a lookup of `entry` asks the directory (and so takes time and can fail). */
  readonly lookupWaits?: (entry: string) => boolean;
  /** Longest buffer to explore (keys beyond it are not pressed). */
  readonly maxBuffer: number;
}

type RawState = {
  after?: Record<string, unknown>;
  on?: Record<string, unknown>;
  invoke?: { id: string; src: string } | { id: string; src: string }[];
};

/** The config of the (flat) state a snapshot is in. */
export function stateConfig(flow: Flow, snapshot: AnyMachineSnapshot): RawState {
  const states = (flow.config.states ?? {}) as Record<string, RawState>;
  return states[String(snapshot.value)] ?? {};
}

export function invokes(flow: Flow, snapshot: AnyMachineSnapshot): { id: string; src: string }[] {
  const invoke = stateConfig(flow, snapshot).invoke;
  return invoke === undefined ? [] : Array.isArray(invoke) ? invoke : [invoke];
}

/** Every event the flow could get in this state: keys, its timers, and its actors finishing. */
function eventsFor(flow: Flow, options: ModelOptions) {
  return (snapshot: AnyMachineSnapshot): EventObject[] => {
    if (snapshot.status !== 'active') return [];
    const context = snapshot.context as FlowContext;
    const lookup = invokes(flow, snapshot).find((invoke) => invoke.src === 'lookupRoom');
    const entry = context.entry;
    if (lookup && !(options.lookupWaits?.(entry) ?? true)) {
      // Answered at once, before the caller can do anything else.
      return [{ type: `xstate.done.actor.${lookup.id}`, output: options.lookup?.(entry) } as EventObject];
    }
    const events: EventObject[] = [];
    // Keys the state handles itself are explored up to maxBuffer; keys only buffered for later
    // (typed ahead) are explored one deep, which is all their effect (the buffer) needs.
    const buffer = context.buffer;
    const handlesKeys = stateConfig(flow, snapshot).on?.DTMF !== undefined;
    if (handlesKeys ? buffer.length < options.maxBuffer : buffer.length < 1) {
      for (const key of options.keys) events.push({ type: 'DTMF', digit: key } as EventObject);
    }
    for (const delay of Object.keys(stateConfig(flow, snapshot).after ?? {})) {
      events.push({ type: `xstate.after.${delay}.${flow.name}.${String(snapshot.value)}` });
    }
    for (const invoke of invokes(flow, snapshot)) {
      if (invoke.src === 'lookupRoom') {
        events.push({
          type: `xstate.done.actor.${invoke.id}`,
          output: options.lookup?.(context.entry),
        } as EventObject);
        events.push({
          type: `xstate.error.actor.${invoke.id}`,
          error: new Error('directory unavailable'),
        } as EventObject);
      } else {
        events.push({ type: `xstate.done.actor.${invoke.id}` });
      }
    }
    return events;
  };
}

function serialize(snapshot: AnyMachineSnapshot): string {
  const { buffer, swallowHash, entry, attempts, anyInput, role, target } = snapshot.context as Record<string, unknown>;
  // The entry matters only while it is being looked up; afterwards it is never read again.
  const liveEntry = snapshot.value === 'lookup' ? entry : null;
  return JSON.stringify([
    snapshot.value,
    snapshot.status,
    buffer,
    swallowHash,
    liveEntry,
    attempts,
    anyInput,
    role,
    (target as { name?: string } | null)?.name ?? null,
  ]);
}

/**
 * Every transition from every reachable state of the flow: one path per edge, made of the
 * shortest path to the edge's source and the edge itself.
 */
export function edgePaths(flow: Flow, options: ModelOptions): { paths: ModelPath[]; states: number } {
  const serializeState = (snapshot: AnyMachineSnapshot) => serialize(snapshot);
  const adjacency: Record<string, AdjacencyValue<AnyMachineSnapshot, EventObject>> = getAdjacencyMap(flow.machine, {
    input: options.input,
    events: eventsFor(flow, options),
    serializeState,
    serializeEvent: (event: EventObject) =>
      JSON.stringify(event, (key, value: unknown) => (key === 'output' || key === 'error' ? undefined : value)),
    limit: 100_000,
  } as never) as unknown as Record<string, AdjacencyValue<AnyMachineSnapshot, EventObject>>;
  const keys = Object.keys(adjacency);
  const initialKey = keys[0]!;
  const parent = new Map<string, { from: string; step: ModelStep } | null>([[initialKey, null]]);
  const queue = [initialKey];
  while (queue.length > 0) {
    const key = queue.shift()!;
    for (const { event, state } of Object.values(adjacency[key]!.transitions)) {
      const next = serializeState(state);
      if (parent.has(next)) continue;
      parent.set(next, { from: key, step: { event: event, state: state } });
      queue.push(next);
    }
  }
  const pathTo = (key: string): ModelStep[] => {
    const steps: ModelStep[] = [];
    for (let at = parent.get(key); at; at = parent.get(at.from)) steps.unshift(at.step);
    return steps;
  };
  const initial = adjacency[initialKey]!.state;
  const paths: ModelPath[] = [];
  for (const key of keys) {
    const prefix = pathTo(key);
    const transitions = Object.values(adjacency[key]!.transitions);
    if (transitions.length === 0) paths.push({ initial, steps: prefix });
    for (const { event, state } of transitions) {
      paths.push({
        initial,
        steps: [...prefix, { event: event, state: state }],
      });
    }
  }
  return { paths, states: keys.length };
}
