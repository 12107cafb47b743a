import { expect } from 'vitest';
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, InspectionEvent } from 'xstate';
import type { Bundle } from '../../src/bundle/index.js';
import { MeetingHarness } from './meeting-harness.js';

/**
 * Model-based tests of a room flow: what the room flow can do is read from its machine (every
 * transition of every state), and the real meetings code on the simulated channel is driven by
 * callers (admitted, hanging up, pressing host keys, waiting) until every transition has happened.
 * Each sequence of callers' steps that brings the meeting somewhere new is replayed from the start,
 * then everyone hangs up and nothing may be left.
 */

/** One transition of the room flow: its state, its event (null: always) and its place among that event's. */
export function transitionKey(transition: AnyTransitionDefinition): string {
  const source = transition.source as AnyStateNode;
  // XState types an eventless transition's eventType as a string; it is null.
  const eventType = transition.eventType as string | null;
  const list = eventType === null ? (source.always ?? []) : (source.transitions.get(eventType) ?? []);
  return `${source.id} ${eventType ?? 'always'} #${list.indexOf(transition)}`;
}

/** Every transition of every state of `machine`. */
export function allTransitions(machine: AnyStateMachine): string[] {
  const keys: string[] = [];
  const visit = (node: AnyStateNode): void => {
    for (const list of node.transitions.values()) for (const transition of list) keys.push(transitionKey(transition));
    for (const transition of node.always ?? []) keys.push(transitionKey(transition));
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return keys;
}

/** What callers and time can do to a meeting. */
export type RoomStep = 'host+' | 'guest+' | 'host-' | 'guest-' | '*7' | '*5' | '##' | 'wait';
export const ROOM_STEPS: readonly RoomStep[] = ['host+', 'guest+', 'host-', 'guest-', '*7', '*5', '##', 'wait'];

export interface RoomCase {
  readonly alias: string;
  readonly hostPin: string;
  readonly guestPin: string;
}

interface Run {
  readonly h: MeetingHarness;
  readonly taken: Set<string>;
  /** Where the meeting is (the room flow's state and context, who is where); null once it has ended. */
  where(): string;
}

const MAX_PER_ROLE = 2;

/** Replays `steps` on a new meeting of `room`; false when a step cannot be taken (no such caller). */
async function replay(bundle: Bundle, room: RoomCase, steps: readonly RoomStep[]): Promise<Run | undefined> {
  const taken = new Set<string>();
  let snapshot: { value: unknown; context: { locked: boolean; guestsMuted: boolean }; status: string } | undefined;
  const inspectRoom = (event: InspectionEvent) => {
    if (event.type === '@xstate.microstep')
      for (const transition of event._transitions) taken.add(transitionKey(transition));
    if (event.type === '@xstate.snapshot') snapshot = event.snapshot as unknown as typeof snapshot;
  };
  const h = new MeetingHarness(bundle, { inspectRoom });
  let next = 0;
  const live = (role: 'h' | 'g') => h.connected().filter((id) => id.startsWith(role));
  for (const step of steps) {
    const hosts = live('h');
    const guests = live('g');
    switch (step) {
      case 'host+':
      case 'guest+': {
        const role = step === 'host+' ? 'h' : 'g';
        if ((role === 'h' ? hosts : guests).length >= MAX_PER_ROLE) return undefined;
        const id = `${role}${++next}`;
        h.dial(id, room.alias);
        await h.clock.advance(100);
        await h.press(id, role === 'h' ? room.hostPin : room.guestPin);
        await h.clock.advance(3_000);
        break;
      }
      case 'host-':
      case 'guest-': {
        const [id] = step === 'host-' ? hosts : guests;
        if (id === undefined) return undefined;
        h.hangup(id);
        await h.clock.advance(3_000);
        break;
      }
      case 'wait':
        await h.clock.advance(61_000);
        break;
      default: {
        const host = hosts.find((id) => h.events.some((event) => event.callId === id && event.event === 'joined'));
        if (host === undefined) return undefined;
        await h.press(host, step);
        await h.clock.advance(3_000);
      }
    }
  }
  const where = () => {
    const count = (role: 'h' | 'g') => live(role).length;
    if (!snapshot || snapshot.status !== 'active') return `ended h${count('h')} g${count('g')}`;
    const { value, context } = snapshot;
    return JSON.stringify([value, context.locked, context.guestsMuted, count('h'), count('g')]);
  };
  return { h, taken, where };
}

/** Everyone hangs up: nothing at all is left. */
async function hangUpAll(h: MeetingHarness): Promise<void> {
  for (const id of h.connected()) h.hangup(id);
  await h.finish();
  expect(h.resources.holders(), 'what anyone still holds').toEqual({});
  expect(h.world.meetings.count, 'meetings left').toBe(0);
  expect(h.world.bridge.conferences.size, 'conferences left').toBe(0);
  expect(h.clock.pending, 'timers left').toBe(0);
}

/**
 * Breadth first over callers' steps, `maxDepth` deep, from a meeting's start: each sequence that
 * brings the meeting somewhere it has not been is kept and extended. Returns the room flow's
 * transitions that happened.
 */
export async function exploreRoom(bundle: Bundle, room: RoomCase, maxDepth: number): Promise<Set<string>> {
  const taken = new Set<string>();
  const seen = new Set<string>();
  let frontier: RoomStep[][] = [[]];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: RoomStep[][] = [];
    for (const prefix of frontier)
      for (const step of ROOM_STEPS) {
        const steps = [...prefix, step];
        const run = await replay(bundle, room, steps);
        if (!run) continue;
        for (const key of run.taken) taken.add(key);
        const where = run.where();
        await hangUpAll(run.h);
        if (seen.has(where)) continue;
        seen.add(where);
        next.push(steps);
      }
    frontier = next;
  }
  return taken;
}
