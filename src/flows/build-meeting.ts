import { createActor, type Actor, type AnyStateMachine } from 'xstate';
import { stepActions } from './steps.js';
import { flowMachine } from './flow-machine.js';
import type { Clock } from '../time/index.js';
import { countStep } from './loop-guard.js';
import {
  MEETING_ACTIONS,
  MEETING_ACTORS,
  MEETING_GUARDS,
  type MeetingContext,
  type MeetingInput,
  type MeetingServices,
} from './meeting-registry.js';
import type { FlowEvent } from './registry.js';
import { overridableDelays, type FlowSettings } from './settings.js';

type Raw = Record<string, unknown>;

/** How a participant left, as the meeting flow's final state says. */
export interface MeetingResult {
  readonly outcome: 'left';
  readonly reason: string;
}

interface Args {
  readonly context: MeetingContext;
  readonly event: FlowEvent;
  readonly system: object;
}

/**
 * One participant's services, by the actor system their flow runs in, for the actors (as for entry
 * flows: the machine is built once per flow, shared by every participant). Guards and actions,
 * which run while the actor is being created, find them in the context.
 */
const servicesBySystem = new WeakMap<object, MeetingServices>();

function servicesOf(name: string, system: object): MeetingServices {
  const services = servicesBySystem.get(system);
  if (!services) throw new Error(`meeting flow ${name} has no meeting; start it with createMeetingActor`);
  return services;
}

/**
 * Builds the XState machine for a validated meeting flow. Its named delays are the flow's duration
 * settings, each overridden per participant by `input.overrides` (a room's own timeouts).
 */
export function buildMeetingMachine(name: string, config: Raw, settings: FlowSettings): AnyStateMachine {
  const actions = Object.fromEntries(
    Object.entries(MEETING_ACTIONS).map(([key, definition]) => [
      key,
      ({ context, event, system }: Args, params: unknown) => {
        countStep(name, system);
        definition.run(context, event, params);
      },
    ]),
  );
  const guards = Object.fromEntries(
    Object.entries(MEETING_GUARDS).map(([key, definition]) => [
      key,
      ({ context, event, system }: Args, params: unknown) => {
        countStep(name, system);
        return definition.test(context, event, params, settings);
      },
    ]),
  );
  Object.assign(
    actions,
    stepActions((src, input, system, signal) =>
      // Checked by validateFlow: every invoke names a known actor.
      (MEETING_ACTORS[src] as (typeof MEETING_ACTORS)[string]).run(input, servicesOf(name, system), signal),
    ),
  );
  return flowMachine(name, config, {
    actions,
    guards,
    delays: overridableDelays(settings),
    context: ({ input }: { input: MeetingInput }): MeetingContext => input,
    output: ({ event }: { event: { output?: { reason?: string } } }): MeetingResult => ({
      outcome: 'left',
      reason: event.output?.reason ?? 'caller_hangup',
    }),
  });
}

export interface MeetingStart {
  readonly input: MeetingInput;
  readonly clock: Clock;
}

/** An actor running a meeting flow for one participant, bound to their meeting; not yet started. */
export function createMeetingActor(machine: AnyStateMachine, start: MeetingStart): Actor<AnyStateMachine> {
  const actor = createActor(machine, { input: start.input, clock: start.clock });
  servicesBySystem.set(actor.system, start.input.services);
  return actor;
}
