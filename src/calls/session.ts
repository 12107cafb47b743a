import { createActor, type Actor, type AnyActorRef, type AnyMachineSnapshot } from 'xstate';
import type { Bundle } from '../bundle/index.js';
import {
  isRoom,
  parseAlias,
  routeEntry,
  type CallerContext,
  type Role,
  type Room,
  type RouteResult,
  type Service,
} from '../directory/index.js';
import {
  bindFlowServices,
  shownKey,
  type Flow,
  type FlowLoopError,
  type FlowServices,
  type PinChecked,
} from '../flows/index.js';
import { countedClock, processResources, type Logger, type Resources } from '../observability/index.js';
import type { PromptRef, PromptRequest, Voice } from '../prompts/index.js';
import type { AbuseGuard, PinRefusal } from '../security/index.js';
import { deadline, OperationTimeoutError, type Clock } from '../time/index.js';
import type { CallEvent, CallObserver } from './call-events.js';
import type { CallChannel, InboundCall, RejectReason } from './channel.js';
import { joinDirectly, type Admission, type Admit, type Departure } from './admit.js';
import type { CallEnd } from './outcome.js';
import { callLifecycle, type CallPorts, type LifecycleOutput } from './call-lifecycle.js';
import { CallProtection } from './call-protection.js';
import { CallPrompts } from './call-prompts.js';
import { callerOf } from './caller-of.js';
import { CallTransferStep } from './call-transfer.js';
import type { CallTransfer } from './transfer.js';
import { FlowWatch } from './flow-watch.js';
import { ParticipantGate } from './participant-gate.js';
import { stateName } from './state-name.js';

export interface SessionOptions {
  readonly bundle: Bundle;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly observer?: CallObserver;
  /** Overrides every service's theme or language (the simulator's --theme/--language). */
  readonly voice?: Partial<Voice>;
  /** What admitting a caller to a room means (the meetings layer); joins `foyer-<room>` by default. */
  readonly admit?: Admit;
  /** How the back-end transfers a caller to a room hosted elsewhere; none: such rooms cannot be reached. */
  readonly transfer?: CallTransfer;
  /** Abuse resistance: refuses scanners and blocked callers, counts wrong PINs and unknown numbers. None: nothing is checked. */
  readonly guard?: AbuseGuard;
  /** Where the call's flow actors and timers are counted; the process's counters by default. */
  readonly resources?: Resources;
  /** Longest a directory lookup may take (default 5 s); a lookup that takes longer has failed. */
  readonly lookupTimeoutMs?: number;
  /**
   * Longest a media operation may take beyond its own length (default 10 s): a prompt that has
   * not ended by its length plus this, or a hangup or join that has not answered, means the
   * media server is stuck, and the call is ended.
   */
  readonly mediaTimeoutMs?: number;
}

const DEFAULT_LOOKUP_TIMEOUT_MS = 5_000;
const DEFAULT_MEDIA_TIMEOUT_MS = 10_000;

/** How the call left the IVR, and (when admitted) how it will leave the meeting. */
export type SessionResult = CallEnd & {
  readonly admittedTo?: 'conference' | 'lobby';
  readonly departure?: Promise<Departure>;
};

/** The flow running now, as the session follows it. */
interface Watched {
  readonly watch: FlowWatch;
  readonly release: () => void;
}

/**
 * One call through the IVR. The call's lifecycle (`callLifecycle`, one actor per call) holds its
 * state and decides every step; the session does the steps (over the call, its channel, the
 * directory, the abuse guard, the participant policy and the meetings layer), carries the
 * channel's events to the lifecycle and the caller's keys to the running flow, and reports what
 * happens to the call's observer.
 */
export class CallSession implements CallPorts {
  readonly log: Logger;
  private readonly protection: CallProtection;
  private readonly actor: Actor<typeof callLifecycle>;
  private channel: CallChannel | undefined;
  private offChannel: (() => void) | undefined;
  private watched: Watched | undefined;
  private readonly resources: Resources;
  /** The session's own clock: its timers (the flows' delays, its deadlines) count as the call's. */
  private readonly clock: Clock;
  private readonly lookupTimeoutMs: number;
  private readonly mediaTimeoutMs: number;
  private readonly prompts: CallPrompts;
  /** Who is calling, as the directory and a policy server see it. */
  private readonly caller: CallerContext;
  /** The participant policy: asked once before the room's flow; may turn the caller away or admit without a PIN. */
  private readonly participants: ParticipantGate;
  /** What the call's flows may ask of it (one set per call, for every flow the call runs). */
  private readonly services: FlowServices = {
    playPrompts: (requests, signal) => this.play(requests, signal),
    routeNumber: (number, signal) => this.route(number, signal),
    pinEntryRefused: () => this.actor.getSnapshot().context.gate !== undefined,
    transferCall: (signal) => {
      const { service, role } = this.actor.getSnapshot().context;
      if (!service || !isRoom(service) || !role)
        throw new Error('transferCall runs only for a caller admitted to a room');
      return this.transfer.run(this.channel, service, role, signal);
    },
  };
  /** The transfer to a room hosted elsewhere, when the call's room is one. */
  private readonly transfer: CallTransferStep;

  private constructor(
    private readonly call: InboundCall,
    private readonly options: SessionOptions,
  ) {
    this.log = options.logger.child({ callId: call.callId });
    this.protection = new CallProtection(options.guard, call, this.log, (gate) => this.gateIs(gate));
    this.resources = options.resources ?? processResources;
    this.clock = countedClock(options.clock, this.resources, call.callId);
    this.lookupTimeoutMs = options.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
    this.mediaTimeoutMs = options.mediaTimeoutMs ?? DEFAULT_MEDIA_TIMEOUT_MS;
    this.prompts = new CallPrompts(options.bundle, options.voice, this.log);
    this.caller = callerOf(call);
    this.participants = new ParticipantGate(
      options.bundle.participants,
      this.caller,
      this.lookupTimeoutMs,
      this.clock,
      this.log,
    );
    this.transfer = new CallTransferStep({
      callId: call.callId,
      log: this.log,
      port: options.transfer,
      emit: (event) => this.emit(event),
    });
    this.actor = createActor(callLifecycle, { input: this, clock: this.clock });
    bindFlowServices(this.actor, this.services);
  }

  /** Runs `call` until the caller is admitted to a room or the call ends. Never throws. */
  static async run(call: InboundCall, options: SessionOptions): Promise<SessionResult> {
    return new CallSession(call, options).run();
  }

  get guarded(): boolean {
    return this.protection.guarded;
  }

  get policed(): boolean {
    return this.options.bundle.participants !== undefined;
  }

  private async run(): Promise<SessionResult> {
    const { source } = this.protection;
    this.log.info(
      {
        event: 'call_arrived',
        to: this.call.to,
        source: source.id,
        ...(source.viaProxy && { peer: source.address }),
        bundle: this.options.bundle.version,
      },
      'call arrived',
    );
    try {
      const { end, admission } = await this.lifecycle();
      this.end(end);
      if (admission) return { ...end, admittedTo: admission.where, departure: admission.departure };
      const departure = end.outcome === 'transferred' ? this.transfer.departure : undefined;
      return departure ? { ...end, departure } : end;
    } finally {
      this.offChannel?.();
      // A transfer the caller hung up on is cancelled before the call counts as ended.
      await this.transfer.settled();
      // Counts still being written belong to this call: they are done before its end is reported.
      await this.protection.settled();
    }
  }

  /** Starts the call's lifecycle; resolves with how it ended. */
  private lifecycle(): Promise<LifecycleOutput> {
    return new Promise((resolve) => {
      if (this.log.isLevelEnabled('debug')) this.traceLifecycle();
      this.actor.subscribe({
        complete: () => resolve(this.actor.getSnapshot().output as LifecycleOutput),
        error: (error: unknown) => {
          this.log.error({ err: error }, 'the call lifecycle failed');
          this.unwatchFlow();
          const { service, via } = this.actor.getSnapshot().context;
          const end: CallEnd = {
            outcome: 'disconnected',
            reason: 'flow_error',
            service: service?.name ?? null,
            via: via?.name ?? null,
            role: null,
          };
          void this.hangup().then(() => resolve({ end, admission: null }));
        },
      });
      this.actor.start();
    });
  }

  /** At debug, each state of the call's lifecycle, so that an operator can follow the call from INVITE to admission. */
  private traceLifecycle(): void {
    let last = '';
    this.actor.subscribe({
      next: (snapshot) => {
        const state = stateName(snapshot.value);
        if (state === last) return;
        last = state;
        this.log.debug({ event: 'call_lifecycle', state }, `call: ${state}`);
      },
      // The session's own observer reports a failed lifecycle.
      error: () => undefined,
    });
  }

  // The steps the lifecycle asks for (CallPorts).

  screen(): Promise<'scanner_ua' | 'source_blocked' | undefined> {
    return this.protection.onArrival();
  }

  async lookup(): Promise<Service | undefined> {
    const { directory } = this.options.bundle;
    const service = await deadline(
      'directory lookup',
      directory.lookup(this.call.to, undefined, this.caller),
      this.lookupTimeoutMs,
      this.clock,
    );
    if (!service) await this.protection.onUnknownAlias();
    return service;
  }

  reach(room: Room): Promise<PinRefusal | undefined> {
    return this.protection.reach(room);
  }

  askPolicy(room: Room): Promise<'reject' | undefined> {
    return this.participants.check(room, this.call.to);
  }

  grantedRole(room: Room): Role | undefined {
    return this.participants.roleFor(room);
  }

  async reject(how: RejectReason): Promise<void> {
    await this.call.reject(how).catch((error: unknown) => this.log.warn({ err: error }, 'reject failed'));
  }

  async answer(): Promise<void> {
    const channel = await this.call.answer();
    this.channel = channel;
    const offs = [
      channel.on('dtmf', (digit) => this.onDigit(digit)),
      channel.on('hangup', () => this.actor.send({ type: 'HANGUP' })),
      channel.on('failure', (error) => {
        this.log.error({ err: error }, 'call channel failed');
        this.actor.send({ type: 'CHANNEL_FAILED' });
      }),
    ];
    // Prompts are reported until the caller leaves the meeting too, not only in the IVR.
    const offPlaying = channel.on('playing', (prompt) => this.onPlaying(prompt));
    this.offChannel = () => {
      for (const off of offs) off();
      const departure = this.actor.getSnapshot().context.admission?.departure;
      if (departure) void departure.then(offPlaying, offPlaying);
      else offPlaying();
    };
  }

  flowFor(service: Service): Flow {
    return this.options.bundle.flows.forService(service);
  }

  transferFlowFor(room: Room): Flow {
    return this.options.bundle.flows.transferFlowFor(room);
  }

  watchFlow(ref: AnyActorRef, flow: Flow, service: Service): void {
    const pinRoom = isRoom(service) ? service : undefined;
    const watch = new FlowWatch(ref, flow, {
      state: (name, state) => this.emit({ type: 'state', flow: name, state }),
      pinChecked: (check) => this.pinChecked(service, pinRoom, check),
      looped: (error: FlowLoopError) => this.actor.send({ type: 'FLOW_LOOPED', error }),
    });
    this.watched = { watch, release: this.resources.acquire('flow_actors', this.call.callId) };
  }

  unwatchFlow(): void {
    const watched = this.watched;
    this.watched = undefined;
    watched?.watch.stop();
    watched?.release();
  }

  async admit(room: Room, role: Role): Promise<Admission> {
    const channel = this.channel;
    if (!channel) throw new Error('admitting a call that was never answered');
    const admit: Admit =
      this.options.admit ?? ((request) => deadline('join', joinDirectly(request), this.mediaTimeoutMs, this.clock));
    const voice = this.prompts.voiceFor(room);
    return admit({
      channel,
      room,
      role,
      callId: this.call.callId,
      caller: this.call.from,
      source: this.protection.source.id,
      prompts: (requests: readonly PromptRequest[]) => this.prompts.resolve(requests, voice),
    });
  }

  async hangup(): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    await deadline('hangup', channel.hangup(), this.mediaTimeoutMs, this.clock).catch((error: unknown) =>
      this.log.warn({ err: error }, 'hangup failed'),
    );
  }

  // What the call's flows ask of it (FlowServices).

  private async play(requests: readonly PromptRequest[], signal: AbortSignal): Promise<void> {
    const channel = this.channel;
    const service = this.actor.getSnapshot().context.service;
    if (!channel || !service) return;
    const prompts = this.prompts.resolve(requests, this.prompts.voiceFor(service));
    const length = prompts.reduce((total, prompt) => total + prompt.durationMs, 0);
    try {
      await deadline('playback', channel.play(prompts, signal), length + this.mediaTimeoutMs, this.clock, signal);
    } catch (error) {
      if (signal.aborted) return;
      // A media server that does not answer cannot hold the call: it ends, cleanly.
      if (error instanceof OperationTimeoutError) {
        this.log.error({ err: error }, 'the media server stopped answering; ending the call');
        this.actor.send({ type: 'CHANNEL_FAILED' });
        return;
      }
      // A prompt that cannot play must not strand the caller: the flow goes on as if it ended.
      this.log.warn(
        { err: error, prompts: requests.map((request) => (typeof request === 'string' ? request : request.id)) },
        'prompt playback failed',
      );
    }
  }

  private async route(number: string, signal: AbortSignal): Promise<RouteResult> {
    const service = this.actor.getSnapshot().context.service;
    if (!service) throw new Error('lookupRoom runs only at a reception; this call has reached no service');
    if (service.type !== 'reception')
      throw new Error(`lookupRoom runs only at a reception; service "${service.name}" is a ${service.type}`);
    const route = routeEntry(
      this.options.bundle.directory,
      service,
      number,
      parseAlias(this.call.to).domain,
      signal,
      this.caller,
    );
    const routed = await this.protection.route(
      await deadline('directory lookup', route, this.lookupTimeoutMs, this.clock, signal),
      number,
    );
    // Turned away by the participant policy: at a reception, a number that does not exist (as a blocked room is).
    if ('room' in routed && (await this.participants.check(routed.room, routed.room.aliases[0] ?? number, signal)))
      return { invalid: 'unknown' };
    return routed;
  }

  // Events: from the abuse guard, the flow and the channel.

  /** The guard's gate was read: the lifecycle hears of it when it changed. */
  private gateIs(gate: PinRefusal | undefined): void {
    if (gate !== this.actor.getSnapshot().context.gate) this.actor.send({ type: 'GATE', gate });
  }

  private pinChecked(service: Service, room: Room | undefined, check: PinChecked): void {
    const { good, empty, refused } = check;
    this.emit({ type: 'pin_attempt', service: service.name, good, empty, blocked: refused });
    if (room) this.protection.onPinCheck(room, check);
    // The lifecycle keeps the block that refused the last entry: it hears of checks that change it.
    const { gate, refusedBy } = this.actor.getSnapshot().context;
    if ((refused ? gate : undefined) !== refusedBy) this.actor.send({ type: 'PIN_CHECKED', check });
  }

  /** One event per prompt the caller hears: a composed prompt's parts count as one, when its first part starts. */
  private onPlaying(prompt: PromptRef): void {
    const composed = prompt.composed;
    if (!composed) this.emit({ type: 'prompt', id: prompt.id, text: prompt.text });
    else if (composed.index === 0)
      this.emit({ type: 'prompt', id: composed.id, text: composed.text, parts: composed.parts });
  }

  private onDigit(digit: string): void {
    const { service, flowRef } = this.actor.getSnapshot().context;
    const room = flowRef && service && isRoom(service) ? service : undefined;
    this.protection.onKey(room, () => this.deliver(digit));
  }

  private deliver(digit: string): void {
    const { flow, flowRef } = this.actor.getSnapshot().context;
    const snapshot = flowRef?.getSnapshot() as AnyMachineSnapshot | undefined;
    this.emit({ type: 'dtmf', digit: shownKey(digit, snapshot, flow?.settings.maxDigits ?? 0) });
    flowRef?.send({ type: 'DTMF', digit });
  }

  private end(end: CallEnd): void {
    this.log.info({ event: 'ivr_ended', ...end }, 'call left the IVR');
    this.emit({ type: 'end', ...end });
  }

  private emit(event: CallEvent): void {
    try {
      this.options.observer?.(event);
    } catch (error) {
      this.log.warn({ err: error }, 'call observer failed');
    }
  }
}
