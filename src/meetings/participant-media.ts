import type { CallChannel } from '../calls/index.js';
import type { Logger } from '../observability/index.js';
import type { PromptRef, PromptRequest } from '../prompts/index.js';
import { deadline, type Clock } from '../time/index.js';
import { lengthOf, type GuardedConference } from './guarded-conference.js';
import type { Participant } from './participant.js';

/**
 * What the meeting does to one participant's media, through their channel and the ConferenceRoom
 * port: play to them, mute them, take them out, hang up. Every operation is bounded: one that
 * fails or never ends is logged and given up.
 */
export class ParticipantMedia {
  constructor(
    private readonly conference: GuardedConference,
    /** The meeting's clock (counted as the instance's). */
    private readonly clock: Clock,
    /** The clock the operations of a caller waiting outside the conference are timed on. */
    private readonly callClock: Clock,
    private readonly operationTimeoutMs: number,
    private readonly log: Logger,
    /** Told each time a participant's mute changes. */
    private readonly onMuted: (participant: Participant, muted: boolean) => void,
  ) {}

  async setMuted(participant: Participant, muted: boolean): Promise<void> {
    if (!participant.member || participant.muted === muted) return;
    participant.muted = muted;
    this.onMuted(participant, muted);
    await this.conference
      .setMuted(participant.member, muted)
      .catch((error: unknown) => this.log.warn({ err: error }, 'mute failed'));
  }

  /** Foyer ends a participant's call: out of the conference, tell them why, then hang up. */
  async hangup(participant: Participant, prompts: readonly PromptRequest[]): Promise<void> {
    await this.removeMember(participant);
    if (prompts.length > 0) await this.play(participant.channel, participant.prompts(prompts));
    await deadline('hangup', participant.channel.hangup(), this.operationTimeoutMs, this.clock).catch(
      (error: unknown) => this.log.warn({ err: error }, 'hangup failed'),
    );
  }

  /** The flow takes the caller out: nothing more is done for them; out of the conference if in it. */
  async removeMember(participant: Participant): Promise<void> {
    participant.startLeaving();
    const member = participant.member;
    if (!member) return;
    participant.member = undefined;
    await this.conference
      .remove(member)
      .catch((error: unknown) => this.log.warn({ err: error }, 'removing a member failed'));
  }

  /** Plays to a caller outside the conference; a playback that fails or never ends is given up. */
  async play(channel: CallChannel, prompts: readonly PromptRef[]): Promise<void> {
    const playback = new AbortController();
    await deadline(
      'playback',
      channel.play(prompts, playback.signal),
      lengthOf(prompts) + this.operationTimeoutMs,
      this.clock,
    ).catch((error: unknown) => {
      playback.abort();
      this.log.warn({ err: error, callId: channel.callId }, 'playback failed');
    });
  }

  /** Plays to a caller waiting outside the conference until `signal` aborts; a failure or a playback that never ends is given up. */
  async playOutside(participant: Participant, requests: readonly PromptRequest[], signal: AbortSignal): Promise<void> {
    const prompts = participant.prompts(requests);
    await deadline(
      'lobby playback',
      participant.channel.play(prompts, signal),
      lengthOf(prompts) + this.operationTimeoutMs,
      this.callClock,
      signal,
    ).catch(() => undefined);
  }

  /** Tells one participant something. Never rejects: an announcement that fails is logged. */
  async say(participant: Participant, ids: readonly PromptRequest[]): Promise<void> {
    if (participant.leaving) return;
    try {
      const prompts = participant.prompts(ids);
      if (participant.member) await this.conference.playTo(participant.member, prompts);
      else await this.play(participant.channel, prompts);
    } catch (error) {
      this.log.warn({ err: error, prompts: ids, callId: participant.callId }, 'announcement failed');
    }
  }
}
