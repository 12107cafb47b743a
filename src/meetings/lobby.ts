import { deadline, type Clock } from '../time/index.js';
import { lengthOf } from './guarded-conference.js';
import type { MeetingSettings } from './meeting-settings.js';
import type { Participant } from './participant.js';

/**
 * Where guests wait for a host: a waiting prompt, then hold music, with the prompt again every
 * reminder interval, for at most the waiting-for-host timeout.
 */
export class Lobby {
  constructor(
    private readonly clock: Clock,
    private readonly settings: MeetingSettings,
    /** Longest a playback may take beyond its length before it is given up. */
    private readonly playbackTimeoutMs: number,
    private readonly onTimeout: (participant: Participant) => void,
  ) {}

  enter(participant: Participant): void {
    participant.timers.add(
      participant.clock.setTimeout(() => this.onTimeout(participant), this.settings.waitingForHostTimeoutMs),
    );
    this.remind(participant);
  }

  leave(participant: Participant): void {
    for (const timer of participant.timers) participant.clock.clearTimeout(timer);
    participant.timers.clear();
    participant.lobbyPlayback?.abort();
    participant.lobbyPlayback = undefined;
  }

  private remind(participant: Participant): void {
    participant.lobbyPlayback?.abort();
    const playback = new AbortController();
    participant.lobbyPlayback = playback;
    void this.play(participant, playback.signal);
    const timer = participant.clock.setTimeout(() => {
      participant.timers.delete(timer);
      if (participant.where === 'lobby' && !participant.leaving) this.remind(participant);
    }, this.settings.lobbyReminderMs);
    participant.timers.add(timer);
  }

  private async play(participant: Participant, signal: AbortSignal): Promise<void> {
    await this.playOnce(participant, ['meeting.waiting_for_host'], signal);
    while (!signal.aborted && participant.where === 'lobby' && !participant.leaving) {
      const started = this.clock.now();
      await this.playOnce(participant, ['meeting.hold_music'], signal);
      // Music that ends at once (a failed or missing file) must not spin: wait for the next reminder.
      if (this.clock.now() === started) return;
    }
  }

  /** Plays once; a playback that fails or never ends is given up (the lobby's timers go on). */
  private async playOnce(participant: Participant, ids: readonly string[], signal: AbortSignal): Promise<void> {
    const prompts = participant.prompts(ids);
    await deadline(
      'lobby playback',
      participant.channel.play(prompts, signal),
      lengthOf(prompts) + this.playbackTimeoutMs,
      this.clock,
      signal,
    ).catch(() => undefined);
  }
}
