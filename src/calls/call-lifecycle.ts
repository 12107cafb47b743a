import {
  assign,
  setup,
  stateIn,
  stopChild,
  type ActorRef,
  type AnyActorRef,
  type AnyStateMachine,
  type Snapshot,
} from 'xstate';
import { isRoom, type Role, type Room, type Service } from '../directory/index.js';
import type { Flow, FlowInput, FlowResult, PinChecked } from '../flows/index.js';
import type { Logger } from '../observability/index.js';
import type { PinRefusal } from '../security/index.js';
import type { Admission, Departure } from './admit.js';
import { CallerGoneError } from './caller-gone-error.js';
import type { RejectReason } from './channel.js';
import type { CallEnd } from './outcome.js';

/**
 * What the lifecycle asks of its call: the session does each over the call, channel, directory,
 * abuse guard, participant policy and meetings layer. Promises reject when the step failed.
 */
export interface CallPorts {
  readonly log: Logger;
  /** An abuse guard screens this call. */
  readonly guarded: boolean;
  /** A participant policy is asked before a room's flow. */
  readonly policed: boolean;
  /** Why the call is refused on arrival (a scanner, a blocked source), if it is. */
  screen(): Promise<'scanner_ua' | 'source_blocked' | undefined>;
  /** The service dialled; none (counted as scanning) when the alias matches nothing. */
  lookup(): Promise<Service | undefined>;
  /** Whether the abuse guard lets the caller reach `room`; reports the gate (GATE) on the way. */
  reach(room: Room): Promise<PinRefusal | undefined>;
  /** Whether the participant policy turns the caller away from `room`. */
  askPolicy(room: Room): Promise<'reject' | undefined>;
  /** The role the participant policy granted in `room` (admitted at once, no PIN), if any. */
  grantedRole(room: Room): Role | undefined;
  /** Refuses the call (never rejects). */
  reject(how: RejectReason): Promise<void>;
  /** Answers the call; its channel's events (HANGUP, CHANNEL_FAILED, keys) flow from then on. */
  answer(): Promise<void>;
  flowFor(service: Service): Flow;
  /** The flow that transfers a caller admitted to `room`, a room hosted elsewhere. */
  transferFlowFor(room: Room): Flow;
  /** Follows a flow the lifecycle spawned, before it starts: its states, its PIN checks, its step budget. */
  watchFlow(ref: AnyActorRef, flow: Flow, service: Service): void;
  unwatchFlow(): void;
  admit(room: Room, role: Role): Promise<Admission>;
  /** Ends the call from Foyer's side (never rejects). */
  hangup(): Promise<void>;
}

export interface LifecycleContext {
  readonly call: CallPorts;
  /** The service dialled, then the room a reception handed the caller to. */
  readonly service: Service | null;
  /** The reception the caller came through. */
  readonly via: Service | null;
  /** What the next flow starts with (keys typed ahead at a reception). */
  readonly flowInput: FlowInput | null;
  /** The flow running now, as a child actor. */
  readonly flow: Flow | null;
  readonly flowRef: AnyActorRef | null;
  readonly role: Role | null;
  /** The caller was admitted to a room hosted elsewhere: the flow running (or next) is its transfer flow. */
  readonly transferring: boolean;
  /** The abuse guard's block on this caller's PIN entry for the room being reached, if any. */
  readonly gate: PinRefusal | undefined;
  /** The block that refused the last PIN entry judged, if one did (the end reason then). */
  readonly refusedBy: PinRefusal | undefined;
  readonly rejectAs: RejectReason | null;
  readonly end: CallEnd | null;
  readonly admission: { readonly where: 'conference' | 'lobby'; readonly departure: Promise<Departure> } | null;
}

/** The steps the lifecycle has its call do, and what each resolves with. */
interface StepOutputs {
  readonly screen: 'scanner_ua' | 'source_blocked' | undefined;
  readonly lookup: Service | undefined;
  readonly reach: PinRefusal | undefined;
  readonly askPolicy: 'reject' | undefined;
  readonly reject: unknown;
  readonly answer: unknown;
  readonly admit: Admission;
  readonly hangup: unknown;
}
type Step = keyof StepOutputs;

/** How a step ended: `<step>.done` with what it resolved with, or `<step>.failed` with why. */
type StepEvent = {
  [K in Step]:
    | { readonly type: `${K}.done`; readonly output: StepOutputs[K] }
    | { readonly type: `${K}.failed`; readonly error: unknown };
}[Step];

export type LifecycleEvent =
  | StepEvent
  /** The caller hung up. */
  | { readonly type: 'HANGUP' }
  /** The channel failed, or the media server stopped answering. */
  | { readonly type: 'CHANNEL_FAILED' }
  /** The abuse guard's gate for this caller changed (a block placed or lifted). */
  | { readonly type: 'GATE'; readonly gate: PinRefusal | undefined }
  /** The flow judged a PIN entry (emitted by its checkPin). */
  | { readonly type: 'PIN_CHECKED'; readonly check: PinChecked }
  /** The flow took more steps than its budget without waiting. */
  | { readonly type: 'FLOW_LOOPED'; readonly error: Error }
  | { readonly type: 'xstate.done.actor.flow'; readonly output: FlowResult }
  | { readonly type: 'xstate.error.actor.flow'; readonly error: unknown };

/** How the call left the IVR; `admission` when it was admitted. */
export interface LifecycleOutput {
  readonly end: CallEnd;
  readonly admission: LifecycleContext['admission'];
}

type SpawnFlow = (logic: AnyStateMachine, options: { id: 'flow'; input: FlowInput | null }) => AnyActorRef;

type Ended = Pick<CallEnd, 'outcome' | 'reason'> & { readonly role?: Role | null };

/** The call's end, with the service and reception as they are now. */
function ending(context: LifecycleContext, { outcome, reason, role = null }: Ended): CallEnd {
  return { outcome, reason, service: context.service?.name ?? null, via: context.via?.name ?? null, role };
}

const MEDIA_FAILURE = { outcome: 'disconnected', reason: 'media_failure' } as const;

/** Admission refused: the reason the meetings layer gave. */
function refusal(context: LifecycleContext, admission: Admission): CallEnd {
  return ending(context, { outcome: 'disconnected', reason: admission.admitted ? 'admitted' : admission.reason });
}

function admitFailed(context: LifecycleContext, error: unknown): void {
  context.call.log.error({ err: error, room: context.service?.name }, 'joining the room failed');
}

const room = (context: LifecycleContext): Room | undefined =>
  context.service && isRoom(context.service) ? context.service : undefined;

/**
 * Starts a step on entering its state; the step's end comes back as an event. The steps are the
 * call's own promises rather than invoked promise actors: a call takes one at a time, never needs
 * one stopped (each state waits for its step, whatever else happens meanwhile), and an actor per
 * step cost a third of the IVR's CPU per call (docs/performance.md).
 */
function step<K extends Step>(name: K, run: (context: LifecycleContext) => Promise<StepOutputs[K]>) {
  return ({ context, self }: { context: LifecycleContext; self: ActorRef<Snapshot<unknown>, LifecycleEvent> }) => {
    const report = (event: StepEvent): void => {
      if (self.getSnapshot().status === 'active') self.send(event);
    };
    let running: Promise<StepOutputs[K]>;
    try {
      running = run(context);
    } catch (error) {
      running = Promise.reject(error);
    }
    // The template types cannot tell that `${name}.done` goes with StepOutputs[name].
    running.then(
      (output) => report({ type: `${name}.done`, output } as StepEvent),
      (error: unknown) => report({ type: `${name}.failed`, error } as StepEvent),
    );
  };
}

/**
 * One call's life around its flows: screening → lookup → (reaching the room, asking the
 * participant policy) → answering → a flow (the service's, as a child actor) → hand-off to the
 * room's flow → admitting → ended; refused or hung up on the way. Driven by events: the steps'
 * actors finishing, HANGUP and CHANNEL_FAILED from the channel, GATE from the abuse guard,
 * PIN_CHECKED emitted by the flow. Keys go from the session to the flow directly.
 */
export const callLifecycle = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleEvent,
    input: {} as CallPorts,
    output: {} as LifecycleOutput,
  },
  guards: {
    guarded: ({ context }) => context.call.guarded,
    /** The service is a room the abuse guard must let the caller reach. */
    roomToReach: ({ context }) => room(context) !== undefined && context.call.guarded,
    /** The service is a room the participant policy must let the caller in. */
    roomToAsk: ({ context }) => room(context) !== undefined && context.call.policed,
    /** The participant policy admits the caller to the room at once, without its flow. */
    granted: ({ context }) => {
      const reached = room(context);
      return reached !== undefined && context.call.grantedRole(reached) !== undefined;
    },
    /** The participant policy admits the caller at once to a room hosted elsewhere: its transfer flow runs. */
    grantedElsewhere: ({ context }) => {
      const reached = room(context);
      return reached?.target !== undefined && context.call.grantedRole(reached) !== undefined;
    },
  },
  actions: {
    screen: step('screen', ({ call }) => call.screen()),
    lookup: step('lookup', ({ call }) => call.lookup()),
    reach: step('reach', (context) => context.call.reach(room(context) as Room)),
    askPolicy: step('askPolicy', (context) => context.call.askPolicy(room(context) as Room)),
    reject: step('reject', ({ call, rejectAs }) => call.reject(rejectAs ?? 'unavailable')),
    answer: step('answer', ({ call }) => call.answer()),
    admit: step('admit', (context) => context.call.admit(room(context) as Room, context.role ?? 'guest')),
    hangup: step('hangup', ({ call }) => call.hangup()),
    startFlow: assign(({ context, spawn }) => {
      // Entered only with a service and its flow's input (answered, or handed over).
      const service = context.service as Service;
      const flow = context.transferring ? context.call.transferFlowFor(service as Room) : context.call.flowFor(service);
      // XState types a spawned logic (not a named source) without an id; the id names its done and error events.
      const spawnFlow = spawn as unknown as SpawnFlow;
      return { flow, flowRef: spawnFlow(flow.machine, { id: 'flow', input: context.flowInput }) };
    }),
    /** Runs before the spawned flow starts (XState starts children once the step is done). */
    watchFlow: ({ context }) => {
      if (context.flowRef && context.flow && context.service)
        context.call.watchFlow(context.flowRef, context.flow, context.service);
    },
    unwatchFlow: ({ context }) => context.call.unwatchFlow(),
    stopFlow: stopChild(({ context }) => context.flowRef ?? 'flow'),
    forgetFlow: assign({ flow: null, flowRef: null }),
    grantRole: assign(({ context }) => {
      const reached = room(context);
      return { role: reached ? (context.call.grantedRole(reached) ?? null) : null };
    }),
    /** Granted by the participant policy a role in a room hosted elsewhere: its transfer flow is next. */
    transferNext: assign(({ context }) => ({
      transferring: true,
      flowInput: {
        service: context.service as Service,
        handOff: context.flowInput?.handOff ?? false,
        buffer: context.flowInput?.buffer ?? '',
        swallowHash: context.flowInput?.swallowHash ?? false,
      },
    })),
    firstFlow: assign(({ context }) => ({
      flowInput: { service: context.service as Service, handOff: false, buffer: '', swallowHash: false },
    })),
    callerHungUp: assign(({ context }) => ({ end: ending(context, { outcome: 'hangup', reason: 'caller_hangup' }) })),
    mediaFailed: assign(({ context }) => ({ end: ending(context, MEDIA_FAILURE) })),
    logGuardError: ({ context, event }) =>
      context.call.log.error({ err: 'error' in event ? event.error : undefined }, 'abuse check failed'),
    logFlowError: ({ context, event }) =>
      context.call.log.error(
        { err: 'error' in event ? event.error : undefined, flow: context.flow?.name },
        'flow failed',
      ),
    flowFailed: assign(({ context }) => ({ end: ending(context, { outcome: 'disconnected', reason: 'flow_error' }) })),
  },
}).createMachine({
  id: 'call',
  initial: 'arrived',
  context: ({ input }) => ({
    call: input,
    service: null,
    via: null,
    flowInput: null,
    flow: null,
    flowRef: null,
    role: null,
    transferring: false,
    gate: undefined,
    refusedBy: undefined,
    rejectAs: null,
    end: null,
    admission: null,
  }),
  on: {
    GATE: { actions: assign({ gate: ({ event }) => event.gate }) },
    PIN_CHECKED: {
      // Attempts used up while a block refused them: the block is why the call ends.
      actions: assign({ refusedBy: ({ context, event }) => (event.check.refused ? context.gate : undefined) }),
    },
  },
  states: {
    arrived: {
      always: [{ guard: 'guarded', target: 'screening' }, { target: 'lookup' }],
    },
    screening: {
      entry: 'screen',
      on: {
        'screen.done': [
          {
            guard: ({ event }) => event.output !== undefined,
            target: 'rejecting',
            actions: assign(({ context, event }) => ({
              rejectAs: 'blocked' as const,
              end: ending(context, { outcome: 'rejected', reason: event.output ?? '' }),
            })),
          },
          { target: 'lookup' },
        ],
        // The guard's store failing must not keep callers out.
        'screen.failed': { target: 'lookup', actions: 'logGuardError' },
      },
    },
    lookup: {
      entry: 'lookup',
      on: {
        'lookup.done': [
          {
            guard: ({ event }) => event.output === undefined,
            target: 'rejecting',
            actions: assign(({ context }) => ({
              rejectAs: 'not_found' as const,
              end: ending(context, { outcome: 'rejected', reason: 'unknown_alias' }),
            })),
          },
          { target: 'found', actions: assign({ service: ({ event }) => event.output ?? null }) },
        ],
        'lookup.failed': {
          target: 'rejecting',
          actions: [
            ({ context, event }) =>
              context.call.log.error({ err: event.error }, 'directory lookup failed; call refused'),
            assign(({ context }) => ({
              rejectAs: 'unavailable' as const,
              end: ending(context, { outcome: 'rejected', reason: 'lookup_failed' }),
            })),
          ],
        },
      },
    },
    found: {
      always: [
        { guard: 'roomToReach', target: 'reaching' },
        { guard: 'roomToAsk', target: 'askingPolicy' },
        { target: 'answering' },
      ],
    },
    reaching: {
      entry: 'reach',
      on: {
        'reach.done': [
          {
            // A room blocked for this caller is, to the caller, a number that does not exist.
            guard: ({ event }) => event.output !== undefined,
            target: 'rejecting',
            actions: assign(({ context, event }) => ({
              rejectAs: event.output === 'source_blocked' ? ('blocked' as const) : ('not_found' as const),
              end: ending(context, { outcome: 'rejected', reason: event.output ?? '' }),
            })),
          },
          { guard: 'roomToAsk', target: 'askingPolicy' },
          { target: 'answering' },
        ],
        'reach.failed': [
          { guard: 'roomToAsk', target: 'askingPolicy', actions: 'logGuardError' },
          { target: 'answering', actions: 'logGuardError' },
        ],
      },
    },
    askingPolicy: {
      entry: 'askPolicy',
      on: {
        'askPolicy.done': [
          {
            guard: ({ event }) => event.output === 'reject',
            target: 'rejecting',
            actions: assign(({ context }) => ({
              rejectAs: 'blocked' as const,
              end: ending(context, { outcome: 'rejected', reason: 'policy_rejected' }),
            })),
          },
          { target: 'answering' },
        ],
        'askPolicy.failed': {
          target: 'rejecting',
          actions: [
            ({ context, event }) =>
              context.call.log.error(
                { err: event.error, service: context.service?.name },
                'participant policy failed; call refused',
              ),
            assign(({ context }) => ({
              rejectAs: 'unavailable' as const,
              end: ending(context, { outcome: 'rejected', reason: 'lookup_failed' }),
            })),
          ],
        },
      },
    },
    rejecting: {
      entry: 'reject',
      on: {
        'reject.done': 'ended',
        'reject.failed': 'ended',
      },
    },
    answering: {
      initial: 'ringing',
      states: {
        ringing: { on: { HANGUP: 'callerGone', CHANNEL_FAILED: 'failed' } },
        callerGone: {},
        failed: {},
      },
      entry: 'answer',
      on: {
        'answer.done': [
          { guard: stateIn('#call.answering.callerGone'), target: 'ended', actions: 'callerHungUp' },
          { guard: stateIn('#call.answering.failed'), target: 'hangingUp', actions: 'mediaFailed' },
          { guard: 'grantedElsewhere', target: 'inFlow', actions: ['grantRole', 'firstFlow', 'transferNext'] },
          { guard: 'granted', target: 'admitting', actions: 'grantRole' },
          { target: 'inFlow', actions: 'firstFlow' },
        ],
        'answer.failed': [
          {
            guard: ({ event }) => event.error instanceof CallerGoneError,
            target: 'ended',
            actions: 'callerHungUp',
          },
          {
            target: 'ended',
            actions: [
              ({ context, event }) => context.call.log.error({ err: event.error }, 'answering the call failed'),
              'mediaFailed',
            ],
          },
        ],
      },
    },
    inFlow: {
      entry: ['startFlow', 'watchFlow'],
      exit: ['unwatchFlow', 'stopFlow', 'forgetFlow'],
      on: {
        'xstate.done.actor.flow': [
          {
            guard: ({ context, event }) =>
              event.output.outcome === 'handoff' &&
              event.output.target !== null &&
              context.service?.type === 'reception',
            target: 'handOff',
            actions: assign(({ context, event }) => {
              const { target, buffer, swallowHash } = event.output;
              return {
                via: context.service,
                service: target,
                flowInput: { service: target as Room, handOff: true, buffer, swallowHash },
              };
            }),
          },
          {
            // Admitted to a room hosted elsewhere: its transfer flow (started on entering again) takes the caller there.
            guard: ({ context, event }) =>
              event.output.outcome === 'joined' &&
              event.output.role !== null &&
              room(context)?.target !== undefined &&
              !context.transferring,
            target: 'inFlow',
            reenter: true,
            actions: assign(({ context, event }) => ({
              role: event.output.role,
              transferring: true,
              flowInput: {
                service: context.service as Room,
                handOff: true,
                buffer: event.output.buffer,
                swallowHash: event.output.swallowHash,
              },
            })),
          },
          {
            guard: ({ context, event }) =>
              event.output.outcome === 'transferred' && event.output.reason !== undefined && context.transferring,
            target: 'ended',
            actions: assign(({ context, event }) => ({
              end: ending(context, { outcome: 'transferred', reason: event.output.reason ?? '', role: context.role }),
            })),
          },
          {
            guard: ({ context, event }) =>
              event.output.outcome === 'joined' &&
              event.output.role !== null &&
              room(context) !== undefined &&
              room(context)?.target === undefined,
            target: 'admitting',
            actions: assign({ role: ({ event }) => event.output.role }),
          },
          {
            guard: ({ event }) => event.output.outcome === 'disconnected' && event.output.reason !== undefined,
            target: 'hangingUp',
            actions: assign(({ context, event }) => {
              const reason = event.output.reason ?? '';
              return {
                end: ending(context, {
                  outcome: 'disconnected',
                  reason: reason === 'pin_invalid' ? (context.refusedBy ?? reason) : reason,
                }),
              };
            }),
          },
          {
            target: 'hangingUp',
            actions: [
              ({ context, event }) =>
                context.call.log.error(
                  { flow: context.flow?.name, outcome: event.output.outcome },
                  'flow ended in a way that does not fit its service',
                ),
              'flowFailed',
            ],
          },
        ],
        'xstate.error.actor.flow': { target: 'hangingUp', actions: ['logFlowError', 'flowFailed'] },
        FLOW_LOOPED: { target: 'hangingUp', actions: ['logFlowError', 'flowFailed'] },
        HANGUP: { target: 'ended', actions: 'callerHungUp' },
        CHANNEL_FAILED: { target: 'hangingUp', actions: 'mediaFailed' },
      },
    },
    handOff: {
      always: [
        { guard: 'grantedElsewhere', target: 'inFlow', actions: ['grantRole', 'transferNext'] },
        { guard: 'granted', target: 'admitting', actions: 'grantRole' },
        { target: 'inFlow' },
      ],
    },
    admitting: {
      initial: 'connected',
      states: {
        connected: { on: { HANGUP: 'callerGone' } },
        callerGone: {},
      },
      entry: 'admit',
      on: {
        'admit.done': [
          {
            guard: ({ event }) => event.output.admitted,
            target: 'ended',
            actions: assign(({ context, event }) => ({
              end: ending(context, { outcome: 'joined', reason: 'admitted', role: context.role }),
              admission: event.output.admitted
                ? { where: event.output.where, departure: event.output.departure }
                : null,
            })),
          },
          {
            // Refused (the room is full): the caller has been told; hung up unless already gone.
            guard: stateIn('#call.admitting.callerGone'),
            target: 'ended',
            actions: assign(({ context, event }) => ({ end: refusal(context, event.output) })),
          },
          { target: 'hangingUp', actions: assign(({ context, event }) => ({ end: refusal(context, event.output) })) },
        ],
        'admit.failed': [
          {
            guard: stateIn('#call.admitting.callerGone'),
            target: 'ended',
            actions: [
              ({ context, event }) => admitFailed(context, event.error),
              assign(({ context }) => ({ end: ending(context, { ...MEDIA_FAILURE, role: context.role }) })),
            ],
          },
          {
            target: 'hangingUp',
            actions: [
              ({ context, event }) => admitFailed(context, event.error),
              assign(({ context }) => ({ end: ending(context, { ...MEDIA_FAILURE, role: context.role }) })),
            ],
          },
        ],
      },
    },
    hangingUp: {
      entry: 'hangup',
      on: { 'hangup.done': 'ended', 'hangup.failed': 'ended' },
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => ({
    end: context.end ?? ending(context, { outcome: 'disconnected', reason: 'flow_error' }),
    admission: context.admission,
  }),
});
