import { Listeners, type CallChannel, type CallChannelEvents, type JoinFlags } from '../calls/index.js';
import type { PromptRef } from '../prompts/index.js';
import type { Clock, TimerHandle } from '../time/index.js';

/**
 * A call channel on a simulated clock: prompts take their real duration, keys arrive when the
 * caller script presses them. It records what happened so tests can assert on it.
 */
export class SimulatedChannel implements CallChannel {
  private readonly listeners = new Listeners<CallChannelEvents>();
  private playback: { timer: TimerHandle | undefined; finish: () => void } | undefined;
  /** Set once the call has ended, by either side. */
  endedBy: 'caller' | 'foyer' | undefined;
  joined: { conference: string; flags: JoinFlags } | undefined;
  /** Every prompt started, in order. */
  readonly played: PromptRef[] = [];

  constructor(
    readonly callId: string,
    private readonly clock: Clock,
  ) {}

  play(prompts: readonly PromptRef[], signal: AbortSignal): Promise<void> {
    if (this.endedBy || signal.aborted) return Promise.resolve();
    this.stopPlayback();
    return new Promise<void>((resolve) => {
      const onAbort = () => this.stopPlayback();
      const finish = () => {
        signal.removeEventListener('abort', onAbort);
        if (this.playback?.finish === finish) this.playback = undefined;
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const playFrom = (index: number) => {
        const prompt = prompts[index];
        if (!prompt || this.endedBy) return finish();
        this.played.push(prompt);
        // Reported after the current step, as a media server reports playback start.
        queueMicrotask(() => this.listeners.emit('playing', prompt));
        this.playback = { timer: this.clock.setTimeout(() => playFrom(index + 1), prompt.durationMs), finish };
      };
      this.playback = { timer: undefined, finish };
      playFrom(0);
    });
  }

  async stop(): Promise<void> {
    this.stopPlayback();
  }

  async join(conference: string, flags: JoinFlags): Promise<void> {
    if (this.endedBy) throw new Error(`call ${this.callId} has ended; cannot join ${conference}`);
    this.joined = { conference, flags };
  }

  /** The media server took the call out of its conference. */
  leaveConference(): void {
    this.joined = undefined;
  }

  async hangup(): Promise<void> {
    if (this.endedBy) return;
    this.endedBy = 'foyer';
    this.stopPlayback();
  }

  on<K extends keyof CallChannelEvents>(event: K, listener: CallChannelEvents[K]): () => void {
    return this.listeners.on(event, listener);
  }

  /** The caller presses a key. */
  press(key: string): void {
    if (!this.endedBy) this.listeners.emit('dtmf', key);
  }

  /** The caller hangs up. */
  callerHangup(): void {
    if (this.endedBy) return;
    this.endedBy = 'caller';
    this.stopPlayback();
    this.listeners.emit('hangup');
  }

  /** The media path fails. */
  fail(error: Error): void {
    if (this.endedBy) return;
    this.stopPlayback();
    this.listeners.emit('failure', error);
  }

  /** Whether a prompt is playing now. */
  get playing(): boolean {
    return this.playback !== undefined;
  }

  /** Listeners still registered (zero once the session is done with the channel). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  private stopPlayback(): void {
    const playback = this.playback;
    if (!playback) return;
    this.playback = undefined;
    if (playback.timer !== undefined) this.clock.clearTimeout(playback.timer);
    playback.finish();
  }
}
