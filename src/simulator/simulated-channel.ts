import { Listeners, type CallChannel, type CallChannelEvents, type JoinFlags } from '../calls/index.js';
import type { PromptRef } from '../prompts/index.js';
import { processResources, type Release, type Resources } from '../observability/index.js';
import type { Clock, TimerHandle } from '../time/index.js';

/**
 * A call channel on a simulated clock: prompts take their real duration, keys arrive when the
 * caller script presses them. It records what happened so tests can assert on it.
 */
export class SimulatedChannel implements CallChannel {
  private readonly listeners = new Listeners<CallChannelEvents>();
  private playback: { timer: TimerHandle | undefined; finish: () => void } | undefined;
  /** Set once the call has ended: the caller hung up, Foyer did, or the media path failed. */
  endedBy: 'caller' | 'foyer' | 'media' | undefined;
  private release: Release | undefined;
  joined: { conference: string; flags: JoinFlags } | undefined;
  /** Every prompt started, in order. */
  readonly played: PromptRef[] = [];

  constructor(
    readonly callId: string,
    private readonly clock: Clock,
    private readonly resources: Resources = processResources,
  ) {}

  /** The call is answered: from now on the channel is a live resource until it ends. */
  open(): void {
    if (!this.release && !this.endedBy) this.release = this.resources.acquire('channels', this.callId);
  }

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
    this.end('foyer');
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
    if (this.end('caller')) this.listeners.emit('hangup');
  }

  /** The media path fails: the call cannot go on. */
  fail(error: Error): void {
    if (this.end('media')) this.listeners.emit('failure', error);
  }

  /** Whether a prompt is playing now. */
  get playing(): boolean {
    return this.playback !== undefined;
  }

  /** Listeners still registered (zero once the session is done with the channel). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Ends the call once; whether this call ended it. */
  private end(by: 'caller' | 'foyer' | 'media'): boolean {
    if (this.endedBy) return false;
    this.endedBy = by;
    this.stopPlayback();
    this.release?.();
    return true;
  }

  private stopPlayback(): void {
    const playback = this.playback;
    if (!playback) return;
    this.playback = undefined;
    if (playback.timer !== undefined) this.clock.clearTimeout(playback.timer);
    playback.finish();
  }
}
