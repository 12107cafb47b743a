import type { Clock } from '../time/index.js';
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
    private readonly onTimeout: (participant: Participant) => void,
  ) {}

  enter(participant: Participant): void {
    participant.timers.add(this.clock.setTimeout(() => this.onTimeout(participant), this.settings.waitingForHostTimeoutMs));
    this.remind(participant);
  }

  leave(participant: Participant): void {
    for (const timer of participant.timers) this.clock.clearTimeout(timer);
    participant.timers.clear();
    participant.lobbyPlayback?.abort();
    participant.lobbyPlayback = undefined;
  }

  private remind(participant: Participant): void {
    participant.lobbyPlayback?.abort();
    const playback = new AbortController();
    participant.lobbyPlayback = playback;
    void this.play(participant, playback.signal);
    const timer = this.clock.setTimeout(() => {
      participant.timers.delete(timer);
      if (participant.where === 'lobby' && !participant.leaving) this.remind(participant);
    }, this.settings.lobbyReminderMs);
    participant.timers.add(timer);
  }

  private async play(participant: Participant, signal: AbortSignal): Promise<void> {
    const { channel } = participant;
    await channel.play(participant.prompts(['meeting.waiting_for_host']), signal).catch(() => undefined);
    while (!signal.aborted && participant.where === 'lobby' && !participant.leaving) {
      const started = this.clock.now();
      await channel.play(participant.prompts(['meeting.hold_music']), signal).catch(() => undefined);
      // Music that ends at once (a failed or missing file) must not spin: wait for the next reminder.
      if (this.clock.now() === started) return;
    }
  }
}
