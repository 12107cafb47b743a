import type { Admission, AdmitRequest, Departure } from '../calls/index.js';
import type { Room } from '../directory/index.js';
import {
  createMeetingActor,
  type ControlPrompts,
  type Flow,
  type MeetingControl,
  type MeetingResult,
  type MeetingServices,
} from '../flows/index.js';
import { countedClock, type Logger, type Resources, type UsageLog } from '../observability/index.js';
import type { PromptRef, PromptRequest } from '../prompts/index.js';
import { deadline, type Clock, type TimerHandle } from '../time/index.js';
import { lengthOf, type GuardedConference } from './guarded-conference.js';
import type { MeetingEventName, MeetingObserver } from './meeting-events.js';
import { Participant } from './participant.js';

export interface MeetingDeps {
  readonly room: Room;
  readonly instanceId: string;
  /** The call whose admission started the instance. */
  readonly startedBy: string;
  readonly conference: GuardedConference;
  readonly clock: Clock;
  /** Where participants and timers are counted: a caller's under its call id, the meeting's own under `meeting:<instance>`. */
  readonly resources: Resources;
  /** Longest a media operation on a caller's channel may take beyond its own length. */
  readonly operationTimeoutMs: number;
  /** The meeting flow each participant runs. */
  readonly flow: Flow;
  /** What wins over the flow's settings of the same name (the operator's, then the room's own). */
  readonly overrides: Readonly<Record<string, number | boolean>>;
  readonly usage: UsageLog;
  readonly logger: Logger;
  readonly observer?: MeetingObserver;
  /** Told each state a participant's flow enters. */
  readonly onFlowState?: (callId: string, state: string) => void;
  /** Called once, when the last participant has left. */
  readonly onEnded: () => void;
}

/**
 * One conference instance of a room. Each participant's rules (lobby, reminders, keypad, what they
 * hear) are their meeting flow's; this holds what the participants share (the lock, the guests'
 * mute, the guests-only timer, the participant limit) and carries out what their flows ask through
 * the ConferenceRoom port.
 */
export class Meeting {
  private readonly participants = new Map<string, Participant>();
  private locked = false;
  private guestsMuted: boolean;
  private guestsOnlyTimer: TimerHandle | undefined;
  private ended = false;
  private readonly log: Logger;
  /** The meeting's own timers (the guests-only timeout) count as the instance's. */
  private readonly clock: Clock;

  constructor(private readonly deps: MeetingDeps) {
    this.guestsMuted = deps.room.type === 'auditorium';
    // A room may start locked (a policy server's `locked`): guests wait until a host unlocks it.
    this.locked = deps.room.locked === true;
    this.log = deps.logger.child({ room: deps.room.name, instance: deps.instanceId });
    this.clock = countedClock(deps.clock, deps.resources, `meeting:${deps.instanceId}`);
    this.deps.observer?.({
      event: 'started',
      service: deps.room.name,
      instance: deps.instanceId,
      callId: deps.startedBy,
    });
    deps.usage.write({
      type: 'instance_started',
      service: deps.room.name,
      service_tag: deps.room.serviceTag ?? null,
      instance: deps.instanceId,
      conference: deps.conference.name,
    });
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Participants admitted and not yet gone, lobby included. */
  get size(): number {
    return this.participants.size;
  }

  async admit(request: AdmitRequest): Promise<Admission> {
    const { prompts } = request;
    const limit = this.deps.room.participantLimit;
    if (limit !== undefined && this.participants.size >= limit) {
      await this.play(request.channel, prompts(['meeting.conference_full']));
      this.deps.usage.write({
        type: 'participant_refused',
        service: this.deps.room.name,
        instance: this.deps.instanceId,
        call_id: request.callId,
        reason: 'conference_full',
      });
      if (this.participants.size === 0) this.end(request.callId);
      return { admitted: false, reason: 'conference_full' };
    }
    const { clock, resources } = this.deps;
    const participant = new Participant(
      request.callId,
      request.caller,
      request.source,
      request.role,
      request.channel,
      prompts,
      resources.acquire('participants', request.callId),
    );
    this.participants.set(participant.callId, participant);
    this.deps.usage.write({
      type: 'participant_admitted',
      service: this.deps.room.name,
      instance: this.deps.instanceId,
      call_id: participant.callId,
      caller: participant.caller,
      role: participant.role,
    });
    const actor = createMeetingActor(this.deps.flow.machine, {
      input: {
        role: participant.role,
        room: this.deps.room,
        overrides: this.deps.overrides,
        services: this.servicesFor(participant),
      },
      // The flow's timers (the lobby's, the keypad's) count as the call's.
      clock: countedClock(clock, resources, participant.callId),
    });
    participant.actor = actor;
    actor.subscribe({
      complete: () => {
        const { reason } = actor.getSnapshot().output as MeetingResult;
        this.gone(participant, { by: reason === 'caller_hangup' ? 'caller' : 'foyer', reason });
      },
      error: (error: unknown) => void this.failed(participant, error),
    });
    const { onFlowState } = this.deps;
    if (onFlowState) actor.subscribe((snapshot) => onFlowState(participant.callId, stateName(snapshot.value)));
    participant.offs.push(
      request.channel.on('hangup', () => actor.send({ type: 'HANGUP' })),
      request.channel.on('failure', () => actor.send({ type: 'FAILURE' })),
      request.channel.on('dtmf', (key) => actor.send({ type: 'DTMF', digit: key })),
    );
    actor.start();
    const where = await participant.placed;
    return { admitted: true, where, departure: participant.departure };
  }

  /** What one participant's flow may ask of the meeting. */
  private servicesFor(participant: Participant): MeetingServices {
    return {
      now: () => this.clock.now(),
      hostPresent: () => this.inConference('host').length > 0,
      locked: () => this.locked,
      others: () => this.others(participant),
      othersInConference: () => this.inConference().filter((other) => other !== participant).length,
      enterLobby: () => {
        participant.place('lobby');
        this.emit('lobby', participant);
      },
      tellHosts: (prompts) => {
        for (const host of this.inConference('host')) void this.say(host, prompts);
      },
      say: (prompts) => void this.say(participant, prompts),
      play: (prompts, signal) => this.playOutside(participant, prompts, signal),
      playToAll: async (prompts) => {
        if (this.inConference().some((other) => other !== participant))
          await this.deps.conference.playToAll(participant.prompts(prompts)).catch(() => undefined);
      },
      join: (signal) => this.join(participant, signal),
      control: (control, prompts) => void this.control(participant, control, prompts),
      leave: () => this.removeMember(participant),
      hangup: (prompts) => this.hangup(participant, prompts),
    };
  }

  private async join(participant: Participant, signal: AbortSignal): Promise<void> {
    participant.muted = participant.role === 'guest' && this.guestsMuted;
    let member;
    try {
      member = await this.deps.conference.add(
        participant.channel,
        { moderator: participant.role === 'host', muted: participant.muted },
        signal,
      );
    } catch (error) {
      if (!signal.aborted) this.log.error({ err: error, callId: participant.callId }, 'joining the conference failed');
      throw error;
    }
    if (signal.aborted) {
      await this.deps.conference.remove(member).catch(() => undefined);
      return;
    }
    participant.member = member;
    participant.place('conference');
    this.emit('joined', participant);
    this.deps.usage.write({
      type: 'participant_joined',
      service: this.deps.room.name,
      instance: this.deps.instanceId,
      call_id: participant.callId,
      caller: participant.caller,
      role: participant.role,
      muted: participant.muted,
    });
    if (participant.role === 'host') this.hostArrived();
  }

  private hostArrived(): void {
    if (this.guestsOnlyTimer !== undefined) {
      this.clock.clearTimeout(this.guestsOnlyTimer);
      this.guestsOnlyTimer = undefined;
    }
    if (!this.locked) this.releaseLobby();
  }

  private releaseLobby(): void {
    for (const waiting of this.inLobby()) waiting.actor?.send({ type: 'RELEASE' });
  }

  private async control(participant: Participant, control: MeetingControl, prompts: ControlPrompts): Promise<void> {
    const tell = (on: boolean) => this.say(participant, on ? prompts.on : prompts.off);
    switch (control) {
      case 'toggleGuestMute': {
        this.guestsMuted = !this.guestsMuted;
        await Promise.all(this.inConference('guest').map((guest) => this.setMuted(guest, this.guestsMuted)));
        return tell(this.guestsMuted);
      }
      case 'toggleSelfMute':
        await this.setMuted(participant, !participant.muted);
        return tell(participant.muted);
      case 'toggleLock':
        this.locked = !this.locked;
        this.emit(this.locked ? 'locked' : 'unlocked', participant);
        this.deps.usage.write({
          type: this.locked ? 'instance_locked' : 'instance_unlocked',
          service: this.deps.room.name,
          instance: this.deps.instanceId,
          call_id: participant.callId,
        });
        if (!this.locked && this.inConference('host').length > 0) this.releaseLobby();
        return tell(this.locked);
      case 'endMeeting':
        this.log.info({ event: 'ended_by_host', callId: participant.callId }, 'host ended the meeting');
        for (const other of [...this.participants.values()]) other.actor?.send({ type: 'END_MEETING' });
        return;
    }
  }

  private async setMuted(participant: Participant, muted: boolean): Promise<void> {
    if (!participant.member || participant.muted === muted) return;
    participant.muted = muted;
    this.emit(muted ? 'muted' : 'unmuted', participant);
    await this.deps.conference
      .setMuted(participant.member, muted)
      .catch((error: unknown) => this.log.warn({ err: error }, 'mute failed'));
  }

  /** Foyer ends a participant's call: out of the conference, tell them why, then hang up. */
  private async hangup(participant: Participant, prompts: readonly PromptRequest[]): Promise<void> {
    await this.removeMember(participant);
    if (prompts.length > 0) await this.play(participant.channel, participant.prompts(prompts));
    await deadline('hangup', participant.channel.hangup(), this.deps.operationTimeoutMs, this.clock).catch(
      (error: unknown) => this.log.warn({ err: error }, 'hangup failed'),
    );
  }

  /** The flow takes the caller out: nothing more is done for them; out of the conference if in it. */
  private async removeMember(participant: Participant): Promise<void> {
    participant.startLeaving();
    const member = participant.member;
    if (!member) return;
    participant.member = undefined;
    await this.deps.conference
      .remove(member)
      .catch((error: unknown) => this.log.warn({ err: error }, 'removing a member failed'));
  }

  /** Plays to a caller outside the conference; a playback that fails or never ends is given up. */
  private async play(channel: AdmitRequest['channel'], prompts: readonly PromptRef[]): Promise<void> {
    const playback = new AbortController();
    await deadline(
      'playback',
      channel.play(prompts, playback.signal),
      lengthOf(prompts) + this.deps.operationTimeoutMs,
      this.clock,
    ).catch((error: unknown) => {
      playback.abort();
      this.log.warn({ err: error, callId: channel.callId }, 'playback failed');
    });
  }

  /** Plays to a caller waiting outside the conference until `signal` aborts; a failure or a playback that never ends is given up. */
  private async playOutside(
    participant: Participant,
    requests: readonly PromptRequest[],
    signal: AbortSignal,
  ): Promise<void> {
    const prompts = participant.prompts(requests);
    await deadline(
      'lobby playback',
      participant.channel.play(prompts, signal),
      lengthOf(prompts) + this.deps.operationTimeoutMs,
      this.deps.clock,
      signal,
    ).catch(() => undefined);
  }

  /** The flow failed (a bug, or a flow that loops): the caller is taken out and the call ended. */
  private async failed(participant: Participant, error: unknown): Promise<void> {
    this.log.error({ err: error, callId: participant.callId }, 'meeting flow failed');
    await this.hangup(participant, ['call.technical_problem']);
    this.gone(participant, { by: 'foyer', reason: 'flow_error' });
  }

  private gone(participant: Participant, departure: Departure): void {
    participant.startLeaving();
    const wasInConference = participant.wasInConference;
    this.participants.delete(participant.callId);
    this.emit('left', participant);
    this.deps.usage.write({
      type: 'participant_left',
      service: this.deps.room.name,
      instance: this.deps.instanceId,
      call_id: participant.callId,
      caller: participant.caller,
      role: participant.role,
      reason: departure.reason,
    });
    participant.depart(departure);
    if (this.participants.size === 0) {
      this.end(participant.callId);
      return;
    }
    if (wasInConference && this.setting('tones') === true && this.inConference().length > 0) {
      void this.deps.conference.playToAll(participant.prompts(['meeting.leave_tone'])).catch(() => undefined);
    }
    if (wasInConference && participant.role === 'host' && this.inConference('host').length === 0) this.lastHostLeft();
  }

  private lastHostLeft(): void {
    const guests = this.inConference('guest');
    if (guests.length === 0 || this.guestsOnlyTimer !== undefined) return;
    const timeout = this.guestsOnlyTimeoutMs();
    const endGuests = () => {
      this.guestsOnlyTimer = undefined;
      for (const guest of this.inConference('guest')) guest.actor?.send({ type: 'GUESTS_ONLY_TIMEOUT' });
    };
    if (timeout === 0) {
      endGuests();
      return;
    }
    for (const guest of guests) guest.actor?.send({ type: 'HOST_LEFT' });
    this.guestsOnlyTimer = this.clock.setTimeout(endGuests, timeout);
  }

  private guestsOnlyTimeoutMs(): number {
    const timeout = this.setting('guests_only_timeout');
    return typeof timeout === 'number' ? timeout : (this.deps.flow.settings.delays.guests_only_timeout ?? 0);
  }

  /** A setting of the meeting flow (durations in ms), or what wins over it. */
  private setting(name: string): number | string | boolean | undefined {
    return this.deps.overrides[name] ?? this.deps.flow.settings.delays[name] ?? this.deps.flow.settings.values[name];
  }

  private end(lastCallId: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.guestsOnlyTimer !== undefined) this.clock.clearTimeout(this.guestsOnlyTimer);
    this.guestsOnlyTimer = undefined;
    this.deps.observer?.({
      event: 'ended',
      service: this.deps.room.name,
      instance: this.deps.instanceId,
      callId: lastCallId,
    });
    this.deps.usage.write({
      type: 'instance_ended',
      service: this.deps.room.name,
      service_tag: this.deps.room.serviceTag ?? null,
      instance: this.deps.instanceId,
    });
    void this.deps.conference
      .destroy()
      .catch((error: unknown) => this.log.warn({ err: error }, 'destroying the conference failed'));
    this.deps.onEnded();
  }

  /** Tells one participant something. Never rejects: an announcement that fails is logged. */
  private async say(participant: Participant, ids: readonly PromptRequest[]): Promise<void> {
    if (participant.leaving) return;
    try {
      const prompts = participant.prompts(ids);
      if (participant.member) await this.deps.conference.playTo(participant.member, prompts);
      else await this.play(participant.channel, prompts);
    } catch (error) {
      this.log.warn({ err: error, prompts: ids, callId: participant.callId }, 'announcement failed');
    }
  }

  private others(participant: Participant): number {
    let count = 0;
    for (const other of this.participants.values()) if (other !== participant && !other.leaving) count++;
    return count;
  }

  private inConference(role?: 'host' | 'guest'): Participant[] {
    return [...this.participants.values()].filter(
      (p) => p.where === 'conference' && p.member !== undefined && !p.leaving && (!role || p.role === role),
    );
  }

  private inLobby(): Participant[] {
    return [...this.participants.values()].filter((p) => p.where === 'lobby' && !p.leaving);
  }

  private emit(event: MeetingEventName, participant?: Participant): void {
    this.deps.observer?.({
      event,
      service: this.deps.room.name,
      instance: this.deps.instanceId,
      ...(participant && { callId: participant.callId, role: participant.role }),
    });
  }
}

/** A flow's state value as one dotted name: `{ lobby: { reminding: 'music' } }` is `lobby.reminding.music`. */
function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  const [first] = Object.entries(value);
  return first ? `${first[0]}.${stateName(first[1])}` : '';
}
