import type { Actor, AnyStateMachine, SnapshotFrom } from 'xstate';
import type { Bundle } from '../bundle/index.js';
import {
  isRoom,
  parseAlias,
  routeEntry,
  type CallerContext,
  type Role,
  type Room,
  type Service,
} from '../directory/index.js';
import {
  createFlowActor,
  FlowLoopError,
  hasCompleteEntry,
  MAX_STATE_CHANGES_WITHOUT_WAITING,
  PUBLIC_DIGITS_TAG,
  StepCounter,
  type Flow,
  type FlowInput,
  type FlowResult,
  type FlowServices,
  type PinCheck,
} from '../flows/index.js';
import { countedClock, processResources, type Logger, type Resources } from '../observability/index.js';
import type { PromptRef, PromptRequest, Voice } from '../prompts/index.js';
import type { AbuseGuard } from '../security/index.js';
import { deadline, OperationTimeoutError, type Clock } from '../time/index.js';
import type { CallEvent, CallObserver } from './call-events.js';
import type { CallChannel, InboundCall, RejectReason } from './channel.js';
import { joinDirectly, type Admit, type Departure } from './admit.js';
import type { CallEnd } from './outcome.js';
import { CallerGoneError } from './caller-gone-error.js';
import { CallProtection } from './call-protection.js';
import { CallPrompts } from './call-prompts.js';
import { callerOf } from './caller-of.js';
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

type FlowRun =
  | { readonly kind: 'done'; readonly result: FlowResult }
  | { readonly kind: 'hangup' }
  | { readonly kind: 'failed'; readonly reason: 'flow_error' | 'media_failure'; readonly error: unknown };

/**
 * One call through the IVR: finds the service, answers, runs the service's flow (and, after a
 * reception, the room's flow) over the call channel, then admits or disconnects the caller. The
 * statechart holds the call's state; the session only carries events between flow and channel.
 */
export class CallSession {
  private readonly log: Logger;
  private readonly protection: CallProtection;
  private channel: CallChannel | undefined;
  private current: { flow: Flow; actor: Actor<AnyStateMachine>; service: Service } | undefined;
  private stopRun: ((run: FlowRun) => void) | undefined;
  private callerGone = false;
  private failure: Error | undefined;
  private readonly resources: Resources;
  /** The session's own clock: its timers (the flow's delays, its deadlines) count as the call's. */
  private readonly clock: Clock;
  private readonly lookupTimeoutMs: number;
  private readonly mediaTimeoutMs: number;
  private readonly prompts: CallPrompts;
  /** Who is calling, as the directory and a policy server see it. */
  private readonly caller: CallerContext;
  /** The participant policy: asked once before the room's flow; may turn the caller away or admit without a PIN. */
  private readonly participants: ParticipantGate;

  private constructor(
    private readonly call: InboundCall,
    private readonly options: SessionOptions,
  ) {
    this.log = options.logger.child({ callId: call.callId });
    this.protection = new CallProtection(options.guard, call, this.log);
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
  }

  /** Runs `call` until the caller is admitted to a room or the call ends. Never throws. */
  static async run(call: InboundCall, options: SessionOptions): Promise<SessionResult> {
    return new CallSession(call, options).run();
  }

  private async run(): Promise<SessionResult> {
    try {
      return await this.serve();
    } finally {
      // Counts still being written belong to this call: they are done before its end is reported.
      await this.protection.settled();
    }
  }

  private async serve(): Promise<SessionResult> {
    const { bundle } = this.options;
    const { source } = this.protection;
    this.log.info(
      {
        event: 'call_arrived',
        to: this.call.to,
        source: source.id,
        ...(source.viaProxy && { peer: source.address }),
        bundle: bundle.version,
      },
      'call arrived',
    );
    const refusal = await this.protection.onArrival();
    if (refusal)
      return this.refuse('blocked', { outcome: 'rejected', reason: refusal, service: null, via: null, role: null });
    let service: Service | undefined;
    try {
      service = await deadline(
        'directory lookup',
        bundle.directory.lookup(this.call.to, undefined, this.caller),
        this.lookupTimeoutMs,
        this.clock,
      );
    } catch (error) {
      this.log.error({ err: error, to: this.call.to }, 'directory lookup failed; call refused');
      return this.refuse('unavailable', {
        outcome: 'rejected',
        reason: 'lookup_failed',
        service: null,
        via: null,
        role: null,
      });
    }
    if (!service) {
      await this.protection.onUnknownAlias();
      return this.refuse('not_found', {
        outcome: 'rejected',
        reason: 'unknown_alias',
        service: null,
        via: null,
        role: null,
      });
    }
    // A room blocked for this caller is, to the caller, a number that does not exist.
    const blocked = isRoom(service) ? await this.protection.reach(service) : undefined;
    if (blocked)
      return this.refuse(blocked === 'source_blocked' ? 'blocked' : 'not_found', {
        outcome: 'rejected',
        reason: blocked,
        service: service.name,
        via: null,
        role: null,
      });
    if (isRoom(service)) {
      const refused = await this.askParticipantPolicy(service);
      if (refused) return refused;
    }
    const channel = await this.answer();
    if (channel === 'gone')
      return this.end({ outcome: 'hangup', reason: 'caller_hangup', service: service.name, via: null, role: null });
    if (!channel)
      return this.end({
        outcome: 'disconnected',
        reason: 'media_failure',
        service: service.name,
        via: null,
        role: null,
      });
    const unsubscribe = this.listen(channel);
    // Prompts are reported until the caller leaves the meeting too, not only in the IVR.
    const offPlaying = channel.on('playing', (prompt) => this.onPlaying(prompt));
    let result: SessionResult | undefined;
    try {
      result = await this.runFlows(channel, service);
      return result;
    } finally {
      unsubscribe();
      if (result?.departure) void result.departure.then(offPlaying, offPlaying);
      else offPlaying();
    }
  }

  /** The participant policy before the room's flow: a caller turned away is refused as a blocked source is. */
  private async askParticipantPolicy(room: Room): Promise<SessionResult | undefined> {
    const base = { outcome: 'rejected', service: room.name, via: null, role: null } as const;
    try {
      if (await this.participants.check(room, this.call.to))
        return await this.refuse('blocked', { ...base, reason: 'policy_rejected' });
      return undefined;
    } catch (error) {
      this.log.error({ err: error, service: room.name }, 'participant policy failed; call refused');
      return this.refuse('unavailable', { ...base, reason: 'lookup_failed' });
    }
  }

  private async refuse(how: RejectReason, end: CallEnd): Promise<SessionResult> {
    await this.call.reject(how).catch((error: unknown) => this.log.warn({ err: error }, 'reject failed'));
    return this.end(end);
  }

  private async answer(): Promise<CallChannel | 'gone' | undefined> {
    try {
      return (this.channel = await this.call.answer());
    } catch (error) {
      if (error instanceof CallerGoneError) return 'gone';
      this.log.error({ err: error }, 'answering the call failed');
      return undefined;
    }
  }

  private listen(channel: CallChannel): () => void {
    const offs = [
      channel.on('dtmf', (digit) => this.onDigit(digit)),
      channel.on('hangup', () => {
        this.callerGone = true;
        this.stopRun?.({ kind: 'hangup' });
      }),
      channel.on('failure', (error) => {
        this.failure = error;
        this.log.error({ err: error }, 'call channel failed');
        this.stopRun?.({ kind: 'failed', reason: 'media_failure', error });
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  private async runFlows(channel: CallChannel, dialled: Service): Promise<SessionResult> {
    let service: Service = dialled;
    let via: Service | null = null;
    let input: FlowInput = { service, handOff: false, buffer: '', swallowHash: false };
    for (;;) {
      // A caller the participant policy pre-authenticated joins at once, without the room's PIN entry.
      const granted = isRoom(service) ? this.participants.roleFor(service) : undefined;
      if (granted && isRoom(service))
        return this.admit(channel, service, granted, { service: service.name, via: via?.name ?? null });
      const flow = this.options.bundle.flows.forService(service);
      const run = await this.runFlow(flow, input);
      const base = { service: service.name, via: via?.name ?? null };
      if (run.kind === 'hangup') return this.end({ outcome: 'hangup', reason: 'caller_hangup', ...base, role: null });
      if (run.kind === 'failed') {
        if (run.reason === 'flow_error') this.log.error({ err: run.error, flow: flow.name }, 'flow failed');
        else if (run.error instanceof OperationTimeoutError)
          this.log.error({ err: run.error, flow: flow.name }, 'the media server stopped answering; ending the call');
        await this.hangup(channel);
        return this.end({ outcome: 'disconnected', reason: run.reason, ...base, role: null });
      }
      const { result } = run;
      if (result.outcome === 'handoff' && result.target && service.type === 'reception') {
        via = service;
        service = result.target;
        input = { service, handOff: true, buffer: result.buffer, swallowHash: result.swallowHash };
        continue;
      }
      if (result.outcome === 'joined' && result.role && isRoom(service)) {
        return this.admit(channel, service, result.role, base);
      }
      if (result.outcome === 'disconnected' && result.reason) {
        await this.hangup(channel);
        // Attempts used up while a block refused them: the block is why.
        const reason = result.reason === 'pin_invalid' ? (this.protection.lastRefusal ?? result.reason) : result.reason;
        return this.end({ outcome: 'disconnected', reason, ...base, role: null });
      }
      this.log.error({ flow: flow.name, outcome: result.outcome }, 'flow ended in a way that does not fit its service');
      await this.hangup(channel);
      return this.end({ outcome: 'disconnected', reason: 'flow_error', ...base, role: null });
    }
  }

  private runFlow(flow: Flow, input: FlowInput): Promise<FlowRun> {
    if (this.callerGone) return Promise.resolve({ kind: 'hangup' });
    if (this.failure) return Promise.resolve({ kind: 'failed', reason: 'media_failure', error: this.failure });
    return new Promise<FlowRun>((resolve) => {
      const actor = createFlowActor(flow.machine, {
        input,
        clock: this.clock,
        services: this.servicesFor(input.service),
      });
      const release = this.resources.acquire('flow_actors', this.call.callId);
      let lastState = '';
      let pinChecks = 0;
      const steps = new StepCounter(MAX_STATE_CHANGES_WITHOUT_WAITING);
      const room = isRoom(input.service) ? input.service : undefined;
      const finish = (run: FlowRun) => {
        if (!this.stopRun) return;
        this.stopRun = undefined;
        this.current = undefined;
        subscription.unsubscribe();
        actor.stop();
        release();
        resolve(run);
      };
      this.stopRun = finish;
      this.current = { flow, actor, service: input.service };
      const subscription = actor.subscribe({
        next: (snapshot: SnapshotFrom<AnyStateMachine>) => {
          if (steps.count())
            return finish({
              kind: 'failed',
              reason: 'flow_error',
              error: new FlowLoopError(flow.name, MAX_STATE_CHANGES_WITHOUT_WAITING),
            });
          const state = stateName(snapshot.value);
          if (state !== lastState) {
            lastState = state;
            this.emit({ type: 'state', flow: flow.name, state });
          }
          const checks = (snapshot.context as { pinChecks: readonly PinCheck[] }).pinChecks;
          // Entries typed ahead may be judged several in one step: each is one attempt.
          for (const check of checks.slice(pinChecks)) {
            this.emit({
              type: 'pin_attempt',
              service: input.service.name,
              good: check.good,
              empty: check.empty,
              blocked: check.refused,
            });
            if (room) this.protection.onPinCheck(room, check);
          }
          pinChecks = checks.length;
          if (snapshot.status === 'done') finish({ kind: 'done', result: snapshot.output as FlowResult });
        },
        error: (error: unknown) => finish({ kind: 'failed', reason: 'flow_error', error }),
      });
      actor.start();
    });
  }

  private servicesFor(service: Service): FlowServices {
    const voice = this.prompts.voiceFor(service);
    return {
      playPrompts: async (requests, signal) => {
        const channel = this.channel;
        if (!channel || signal.aborted) return;
        const prompts = this.prompts.resolve(requests, voice);
        const length = prompts.reduce((total, prompt) => total + prompt.durationMs, 0);
        try {
          await deadline('playback', channel.play(prompts, signal), length + this.mediaTimeoutMs, this.clock, signal);
        } catch (error) {
          if (signal.aborted) return;
          // A media server that does not answer cannot hold the call: it ends, cleanly.
          if (error instanceof OperationTimeoutError)
            return this.stopRun?.({ kind: 'failed', reason: 'media_failure', error });
          // A prompt that cannot play must not strand the caller: the flow goes on as if it ended.
          this.log.warn(
            { err: error, prompts: requests.map((request) => (typeof request === 'string' ? request : request.id)) },
            'prompt playback failed',
          );
        }
      },
      routeNumber: async (number, signal) => {
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
      },
      pinEntryRefused: () => this.protection.pinEntryRefused(),
    };
  }

  /** One event per prompt the caller hears: a composed prompt's parts count as one, when its first part starts. */
  private onPlaying(prompt: PromptRef): void {
    const composed = prompt.composed;
    if (!composed) return this.emit({ type: 'prompt', id: prompt.id, text: prompt.text });
    if (composed.index === 0)
      this.emit({ type: 'prompt', id: composed.id, text: composed.text, parts: composed.parts });
  }

  private onDigit(digit: string): void {
    const service = this.current?.service;
    this.protection.onKey(service && isRoom(service) ? service : undefined, () => this.deliver(digit));
  }

  private deliver(digit: string): void {
    const current = this.current;
    const snapshot = current?.actor.getSnapshot();
    const shown =
      current &&
      snapshot &&
      snapshot.hasTag(PUBLIC_DIGITS_TAG) &&
      !hasCompleteEntry(snapshot.context.buffer, current.flow.settings.maxDigits)
        ? digit
        : 'x';
    this.emit({ type: 'dtmf', digit: shown });
    current?.actor.send({ type: 'DTMF', digit });
  }

  private async admit(
    channel: CallChannel,
    room: Room,
    role: Role,
    base: Pick<CallEnd, 'service' | 'via'>,
  ): Promise<SessionResult> {
    const admit: Admit =
      this.options.admit ?? ((request) => deadline('join', joinDirectly(request), this.mediaTimeoutMs, this.clock));
    try {
      const voice = this.prompts.voiceFor(room);
      const prompts = (requests: readonly PromptRequest[]) => this.prompts.resolve(requests, voice);
      const admission = await admit({
        channel,
        room,
        role,
        callId: this.call.callId,
        caller: this.call.from,
        source: this.protection.source.id,
        prompts,
      });
      if (!admission.admitted) {
        await this.hangup(channel);
        return this.end({ outcome: 'disconnected', reason: admission.reason, ...base, role: null });
      }
      const end = this.end({ outcome: 'joined', reason: 'admitted', ...base, role });
      return { ...end, admittedTo: admission.where, departure: admission.departure };
    } catch (error) {
      this.log.error({ err: error, room: room.name }, 'joining the room failed');
      await this.hangup(channel);
      return this.end({ outcome: 'disconnected', reason: 'media_failure', ...base, role });
    }
  }

  private async hangup(channel: CallChannel): Promise<void> {
    if (this.callerGone) return;
    await deadline('hangup', channel.hangup(), this.mediaTimeoutMs, this.clock).catch((error: unknown) =>
      this.log.warn({ err: error }, 'hangup failed'),
    );
  }

  private end(end: CallEnd): CallEnd {
    this.log.info({ event: 'ivr_ended', ...end }, 'call left the IVR');
    this.emit({ type: 'end', ...end });
    return end;
  }

  private emit(event: CallEvent): void {
    try {
      this.options.observer?.(event);
    } catch (error) {
      this.log.warn({ err: error }, 'call observer failed');
    }
  }
}
