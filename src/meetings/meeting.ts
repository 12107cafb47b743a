import type { Admission, AdmitRequest, Departure } from '../calls/index.js';
import type { Actor, AnyStateMachine } from 'xstate';
import {
  createMeetingActor,
  createRoomActor,
  stateName,
  type ControlPrompts,
  type MeetingControl,
  type MeetingResult,
  type MeetingServices,
  type RoomContext,
  type RoomServices,
} from '../flows/index.js';
import { countedClock, type Logger } from '../observability/index.js';
import type { Clock } from '../time/index.js';
import type { MeetingDeps } from './meeting-deps.js';
import { MeetingRecord } from './meeting-record.js';
import { Participant } from './participant.js';
import { ParticipantMedia } from './participant-media.js';

/**
 * One conference instance of a room: the adapter between its statecharts and its ports. What the
 * participants share (a host in or not, the guests-only timer, the lock, the guests' mute) is the
 * room flow's; each participant's rules (lobby, reminders, keypad, what they hear) are their
 * meeting flow's. This forwards what happens to the room flow and carries out what the flows ask
 * through the ConferenceRoom port.
 */
export class Meeting {
  private readonly participants = new Map<string, Participant>();
  private readonly room: Actor<AnyStateMachine>;
  /** The room flow's answer to a caller arriving (admit or refuse), taken right after ARRIVE. */
  private readonly decisions = new Map<string, 'admit' | 'refuse'>();
  /** The guests' mute being carried out, which the host hears about once done. */
  private muting: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;
  /** The meeting's own timers (the guests-only timeout) count as the instance's. */
  private readonly clock: Clock;
  private readonly media: ParticipantMedia;
  private readonly record: MeetingRecord;

  constructor(private readonly deps: MeetingDeps) {
    this.log = deps.logger.child({ room: deps.room.name, instance: deps.instanceId });
    this.clock = countedClock(deps.clock, deps.resources, `meeting:${deps.instanceId}`);
    this.media = new ParticipantMedia(
      deps.conference,
      this.clock,
      deps.clock,
      deps.operationTimeoutMs,
      this.log,
      (participant, muted) => this.record.emit(muted ? 'muted' : 'unmuted', participant),
    );
    this.record = new MeetingRecord(deps.room, deps.instanceId, deps.usage, deps.observer);
    this.record.started(deps.startedBy, deps.conference.name);
    const input = { room: deps.room, overrides: deps.overrides, services: this.roomServices() };
    this.room = createRoomActor(deps.roomFlow.machine, input, this.clock, deps.inspectRoom);
    this.room.subscribe({ error: (error: unknown) => this.log.error({ err: error }, 'room flow failed') });
    this.room.start();
  }

  get isEnded(): boolean {
    return this.room.getSnapshot().status !== 'active';
  }

  /** Participants admitted and not yet gone, lobby included. */
  get size(): number {
    return this.participants.size;
  }

  /** What the participants share, as the room flow holds it. */
  private get shared(): RoomContext {
    return this.room.getSnapshot().context as RoomContext;
  }

  async admit(request: AdmitRequest): Promise<Admission> {
    this.room.send({ type: 'ARRIVE', callId: request.callId });
    const decision = this.decisions.get(request.callId);
    this.decisions.delete(request.callId);
    if (decision !== 'admit') return this.refuse(request);
    const { clock, resources } = this.deps;
    const participant = new Participant(
      request.callId,
      request.caller,
      request.source,
      request.role,
      request.channel,
      request.prompts,
      resources.acquire('participants', request.callId),
    );
    this.participants.set(participant.callId, participant);
    this.record.admitted(participant);
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

  /** The room flow refused the caller (the conference is full): they hear why; the session hangs up. */
  private async refuse(request: AdmitRequest): Promise<Admission> {
    await this.media.play(request.channel, request.prompts(['meeting.conference_full']));
    this.record.refused(request.callId);
    if (!this.isEnded) this.room.send({ type: 'LEFT', callId: request.callId });
    return { admitted: false, reason: 'conference_full' };
  }

  /** What the room flow may ask of the instance. */
  private roomServices(): RoomServices {
    return {
      participants: () => this.participants.size,
      hostPresent: () => this.inConference('host').length > 0,
      guestsPresent: () => this.inConference('guest').length > 0,
      decide: (callId, decision) => this.decisions.set(callId, decision),
      releaseLobby: () => {
        // Only a flow waiting in its lobby answers RELEASE: the others let it pass.
        for (const other of this.participants.values()) if (!other.leaving) other.actor?.send({ type: 'RELEASE' });
      },
      tellGuests: (type) => {
        for (const guest of this.inConference('guest')) guest.actor?.send({ type });
      },
      endMeeting: (callId) => {
        this.log.info({ event: 'ended_by_host', callId }, 'host ended the meeting');
        for (const other of [...this.participants.values()]) other.actor?.send({ type: 'END_MEETING' });
      },
      muteGuests: (muted) => {
        this.muting = Promise.all(this.inConference('guest').map((guest) => this.media.setMuted(guest, muted)));
      },
      recordLock: (locked, callId) => this.record.lock(locked, callId, this.participants.get(callId)),
      end: (callId) => this.end(callId),
    };
  }

  /** What one participant's flow may ask of the meeting. */
  private servicesFor(participant: Participant): MeetingServices {
    return {
      now: () => this.clock.now(),
      hostPresent: () => this.inConference('host').length > 0,
      locked: () => this.shared.locked,
      others: () => this.others(participant),
      othersInConference: () => this.inConference().filter((other) => other !== participant).length,
      enterLobby: () => {
        participant.place('lobby');
        this.record.emit('lobby', participant);
      },
      tellHosts: (prompts) => {
        for (const host of this.inConference('host')) void this.media.say(host, prompts);
      },
      say: (prompts) => void this.media.say(participant, prompts),
      play: (prompts, signal) => this.media.playOutside(participant, prompts, signal),
      playToAll: async (prompts) => {
        if (this.inConference().some((other) => other !== participant))
          await this.deps.conference.playToAll(participant.prompts(prompts)).catch(() => undefined);
      },
      join: (signal) => this.join(participant, signal),
      control: (control, prompts) => void this.control(participant, control, prompts),
      leave: () => this.media.removeMember(participant),
      hangup: (prompts) => this.media.hangup(participant, prompts),
    };
  }

  private async join(participant: Participant, signal: AbortSignal): Promise<void> {
    participant.muted = participant.role === 'guest' && this.shared.guestsMuted;
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
    this.record.joined(participant, participant.muted);
    if (participant.role === 'host') this.room.send({ type: 'HOST_JOINED', callId: participant.callId });
  }

  private async control(participant: Participant, control: MeetingControl, prompts: ControlPrompts): Promise<void> {
    const tell = (on: boolean) => this.media.say(participant, on ? prompts.on : prompts.off);
    const { callId } = participant;
    switch (control) {
      case 'toggleGuestMute':
        this.room.send({ type: 'TOGGLE_GUEST_MUTE', callId });
        await this.muting;
        return tell(this.shared.guestsMuted);
      case 'toggleSelfMute':
        await this.media.setMuted(participant, !participant.muted);
        return tell(participant.muted);
      case 'toggleLock':
        this.room.send({ type: 'TOGGLE_LOCK', callId });
        return tell(this.shared.locked);
      case 'endMeeting':
        this.room.send({ type: 'END_MEETING', callId });
        return;
    }
  }

  /** The flow failed (a bug, or a flow that loops): the caller is taken out and the call ended. */
  private async failed(participant: Participant, error: unknown): Promise<void> {
    this.log.error({ err: error, callId: participant.callId }, 'meeting flow failed');
    await this.media.hangup(participant, ['call.technical_problem']);
    this.gone(participant, { by: 'foyer', reason: 'flow_error' });
  }

  private gone(participant: Participant, departure: Departure): void {
    participant.startLeaving();
    const wasInConference = participant.wasInConference;
    this.participants.delete(participant.callId);
    this.record.left(participant, departure.reason);
    participant.depart(departure);
    this.room.send({ type: 'LEFT', callId: participant.callId });
    if (this.isEnded) return;
    if (wasInConference && this.tones() && this.inConference().length > 0) {
      void this.deps.conference.playToAll(participant.prompts(['meeting.leave_tone'])).catch(() => undefined);
    }
    if (wasInConference && participant.role === 'host')
      this.room.send({ type: 'HOST_GONE', callId: participant.callId });
  }

  /** Whether others hear a tone when someone joins or leaves (the meeting flow's setting, or what wins over it). */
  private tones(): boolean {
    return (this.deps.overrides.tones ?? this.deps.flow.settings.values.tones) === true;
  }

  /** The room flow has ended the instance (its last participant has gone). */
  private end(lastCallId: string): void {
    this.record.ended(lastCallId);
    void this.deps.conference
      .destroy()
      .catch((error: unknown) => this.log.warn({ err: error }, 'destroying the conference failed'));
    this.deps.onEnded();
  }

  private others(participant: Participant): number {
    let count = 0;
    for (const other of this.participants.values()) if (other !== participant && !other.leaving) count++;
    return count;
  }

  private inConference(role?: 'host' | 'guest'): Participant[] {
    return [...this.participants.values()].filter(
      (p) => p.member !== undefined && !p.leaving && (!role || p.role === role),
    );
  }
}
