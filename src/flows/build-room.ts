import { assign, createActor, enqueueActions, type Actor, type AnyStateMachine, type InspectionEvent } from 'xstate';
import type { Clock } from '../time/index.js';
import { countStep } from './loop-guard.js';
import { flowMachine } from './flow-machine.js';
import {
  ROOM_ACTIONS,
  ROOM_GUARDS,
  type RoomActionDefinition,
  type RoomContext,
  type RoomEvent,
  type RoomInput,
} from './room-registry.js';
import { overridableDelays, type FlowSettings } from './settings.js';

type Raw = Record<string, unknown>;

interface Args {
  readonly context: RoomContext;
  readonly event: RoomEvent;
  readonly system: object;
}

/**
 * A named action: its context change first, then what it does to the instance with the changed
 * context. The change is built here, once: a room flow often runs inside another flow's action
 * (a host's toggleLock), where XState warns about building one.
 */
function roomAction(flow: string, definition: RoomActionDefinition) {
  const { update, run } = definition;
  const change = update && assign(({ context }: { context: RoomContext }) => update(context));
  return enqueueActions<RoomContext, RoomEvent, undefined, RoomEvent>(({ context, event, system, enqueue }) => {
    countStep(flow, system);
    if (change) enqueue(change);
    if (run) enqueue(() => run(context.services, event.callId ?? '', { ...context, ...update?.(context) }));
  });
}

/**
 * Builds the XState machine for a validated room flow. Its named delays are the flow's duration
 * settings, each overridden by `input.overrides` (a room's own timeouts, the operator's).
 */
export function buildRoomMachine(name: string, config: Raw, settings: FlowSettings): AnyStateMachine {
  const actions = Object.fromEntries(
    Object.entries(ROOM_ACTIONS).map(([key, definition]) => [key, roomAction(name, definition)]),
  );
  const guards = Object.fromEntries(
    Object.entries(ROOM_GUARDS).map(([key, definition]) => [
      key,
      ({ context, event, system }: Args, params: unknown) => {
        countStep(name, system);
        return definition.test(context, event, params, settings);
      },
    ]),
  );
  return flowMachine(name, config, {
    actions,
    guards,
    delays: overridableDelays(settings),
    context: ({ input }: { input: RoomInput }): RoomContext => ({
      ...input,
      locked: input.room.locked === true,
      guestsMuted: input.room.type === 'auditorium',
    }),
  });
}

/** An actor running a room flow for one conference instance; not yet started. `inspect` sees its every step (for tests). */
export function createRoomActor(
  machine: AnyStateMachine,
  input: RoomInput,
  clock: Clock,
  inspect?: (event: InspectionEvent) => void,
): Actor<AnyStateMachine> {
  return createActor(machine, { input, clock, ...(inspect && { inspect }) });
}
