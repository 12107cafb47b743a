import type { Admission, AdmitRequest, Departure } from '../calls/index.js';
import type { Room } from '../directory/index.js';
import { countedClock, type Logger, type Resources, type UsageLog } from '../observability/index.js';
import type { PromptRef, PromptRequest } from '../prompts/index.js';
import { deadline, type Clock } from '../time/index.js';
import type { Control } from './keypad.js';
import { lengthOf, type GuardedConference } from './guarded-conference.js';
import { Lobby } from './lobby.js';
import type { MeetingEventName, MeetingObserver } from './meeting-events.js';
import type { MeetingSettings } from './meeting-settings.js';
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
  readonly settings: MeetingSettings;
  readonly usage: UsageLog;
  readonly logger: Logger;
  readonly observer?: MeetingObserver;
  /** Called once, when the last participant has left. */
  readonly onEnded: () => void;
}

/**
 * One conference instance of a room and its rules: hosts and guests, the lobby, the guests-only
 * timeout, the participant limit, host keypad controls and announcements. Media operations go
 * through the ConferenceRoom port; every rule is decided here.
 */
export class Meeting {
  private readonly participants = new Map<string, Participant>();
  private readonly lobby: Lobby;
  private locked = false;
  private guestsMuted: boolean;
  private guestsOnlyTimer: unknown;
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
    this.lobby = new Lobby(deps.clock, deps.settings, deps.operationTimeoutMs, (participant) =>
      this.disconnect(participant, 'host_timeout', ['meeting.host_timeout']),
    );
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
      countedClock(clock, resources, request.callId),
      resources.acquire('participants', request.callId),
    );
    this.participants.set(participant.callId, participant);
    participant.offs.push(
      request.channel.on('hangup', () => void this.leave(participant, { by: 'caller', reason: 'caller_hangup' })),
      request.channel.on('failure', () => void this.leave(participant, { by: 'foyer', reason: 'media_failure' })),
      request.channel.on('dtmf', (key) => this.onKey(participant, key)),
    );
    this.deps.usage.write({
      type: 'participant_admitted',
      service: this.deps.room.name,
      instance: this.deps.instanceId,
      call_id: participant.callId,
      caller: participant.caller,
      role: participant.role,
    });
    if (participant.role === 'guest' && (this.hostsInConference() === 0 || this.locked)) {
      this.toLobby(participant);
      return { admitted: true, where: 'lobby', departure: participant.departure };
    }
    await this.toConference(participant);
    return { admitted: true, where: 'conference', departure: participant.departure };
  }

  private toLobby(participant: Participant): void {
    participant.where = 'lobby';
    this.emit('lobby', participant);
    this.lobby.enter(participant);
    if (this.locked) {
      for (const host of this.inConference('host')) void this.say(host, ['meeting.someone_waiting']);
    }
  }

  private async toConference(participant: Participant): Promise<void> {
    this.lobby.leave(participant);
    participant.where = 'conference';
    const others = this.inConference();
    participant.muted = participant.role === 'guest' && this.guestsMuted;
    if (others.length > 0 && this.deps.settings.tones)
      await this.deps.conference.playToAll(participant.prompts(['meeting.join_tone'])).catch(() => undefined);
    let member;
    try {
      member = await this.deps.conference.add(
        participant.channel,
        { moderator: participant.role === 'host', muted: participant.muted },
        participant.signal,
      );
    } catch (error) {
      if (participant.leaving) return;
      this.log.error({ err: error, callId: participant.callId }, 'joining the conference failed');
      return this.disconnect(participant, 'media_failure', ['call.technical_problem']);
    }
    if (participant.leaving) {
      await this.deps.conference.remove(member).catch(() => undefined);
      return;
    }
    participant.member = member;
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
    const count = [...this.participants.values()].filter((other) => other !== participant && !other.leaving).length;
    const greeting: PromptRequest[] =
      count === 0
        ? ['meeting.first_participant']
        : this.deps.settings.announceCount
          ? [{ id: 'meeting.participant_count', values: { count } }]
          : [];
    if (greeting.length > 0) void this.say(participant, greeting);
  }

  private hostArrived(): void {
    if (this.guestsOnlyTimer !== undefined) {
      this.clock.clearTimeout(this.guestsOnlyTimer);
      this.guestsOnlyTimer = undefined;
    }
    if (!this.locked) this.releaseLobby();
  }

  private releaseLobby(): void {
    for (const waiting of this.inLobby()) void this.toConference(waiting);
  }

  private onKey(participant: Participant, key: string): void {
    if (participant.where !== 'conference' || participant.leaving) return;
    const control = participant.keypad.press(key, this.clock.now());
    if (control) void this.control(participant, control);
  }

  private async control(participant: Participant, control: Control): Promise<void> {
    switch (control) {
      case 'toggle_guest_mute': {
        this.guestsMuted = !this.guestsMuted;
        await Promise.all(this.inConference('guest').map((guest) => this.setMuted(guest, this.guestsMuted)));
        return this.say(participant, [this.guestsMuted ? 'meeting.guests_muted' : 'meeting.guests_unmuted']);
      }
      case 'toggle_self_mute':
        await this.setMuted(participant, !participant.muted);
        return this.say(participant, [participant.muted ? 'meeting.muted' : 'meeting.unmuted']);
      case 'toggle_lock':
        this.locked = !this.locked;
        this.emit(this.locked ? 'locked' : 'unlocked', participant);
        this.deps.usage.write({
          type: this.locked ? 'instance_locked' : 'instance_unlocked',
          service: this.deps.room.name,
          instance: this.deps.instanceId,
          call_id: participant.callId,
        });
        if (!this.locked && this.hostsInConference() > 0) this.releaseLobby();
        return this.say(participant, [this.locked ? 'meeting.locked' : 'meeting.unlocked']);
      case 'end_meeting':
        this.log.info({ event: 'ended_by_host', callId: participant.callId }, 'host ended the meeting');
        await Promise.all(
          [...this.participants.values()].map((other) =>
            this.disconnect(other, 'ended_by_host', ['meeting.ended_by_host']),
          ),
        );
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

  /** Foyer ends a participant's call: tell them why, then hang up. */
  private async disconnect(participant: Participant, reason: string, prompts: readonly string[]): Promise<void> {
    if (participant.leaving) return;
    participant.startLeaving();
    this.lobby.leave(participant);
    const wasInConference = await this.removeMember(participant);
    await this.play(participant.channel, participant.prompts(prompts));
    await deadline('hangup', participant.channel.hangup(), this.deps.operationTimeoutMs, this.clock).catch(
      (error: unknown) => this.log.warn({ err: error }, 'hangup failed'),
    );
    this.gone(participant, { by: 'foyer', reason }, wasInConference);
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

  /** The caller left (hung up). */
  private async leave(participant: Participant, departure: Departure): Promise<void> {
    if (participant.leaving) return;
    participant.startLeaving();
    this.lobby.leave(participant);
    const wasInConference = await this.removeMember(participant);
    this.gone(participant, departure, wasInConference);
  }

  private async removeMember(participant: Participant): Promise<boolean> {
    const member = participant.member;
    if (!member) return false;
    participant.member = undefined;
    await this.deps.conference
      .remove(member)
      .catch((error: unknown) => this.log.warn({ err: error }, 'removing a member failed'));
    return true;
  }

  private gone(participant: Participant, departure: Departure, wasInConference: boolean): void {
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
    if (this.participants.size === 0) return this.end(participant.callId);
    if (wasInConference && this.deps.settings.tones && this.inConference().length > 0) {
      void this.deps.conference.playToAll(participant.prompts(['meeting.leave_tone'])).catch(() => undefined);
    }
    if (wasInConference && participant.role === 'host' && this.hostsInConference() === 0) this.lastHostLeft();
  }

  private lastHostLeft(): void {
    const guests = this.inConference('guest');
    if (guests.length === 0 || this.guestsOnlyTimer !== undefined) return;
    const timeout = this.deps.settings.guestsOnlyTimeoutMs;
    const endGuests = () => {
      this.guestsOnlyTimer = undefined;
      for (const guest of this.inConference('guest'))
        void this.disconnect(guest, 'guests_only_timeout', ['call.goodbye']);
    };
    if (timeout === 0) return endGuests();
    for (const guest of guests) void this.say(guest, ['meeting.guests_only_warning']);
    this.guestsOnlyTimer = this.clock.setTimeout(endGuests, timeout);
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

  private inConference(role?: 'host' | 'guest'): Participant[] {
    return [...this.participants.values()].filter(
      (p) => p.where === 'conference' && p.member !== undefined && !p.leaving && (!role || p.role === role),
    );
  }

  private inLobby(): Participant[] {
    return [...this.participants.values()].filter((p) => p.where === 'lobby' && !p.leaving);
  }

  private hostsInConference(): number {
    return this.inConference('host').length;
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
