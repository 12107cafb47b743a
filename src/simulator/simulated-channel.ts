import { Listeners, type CallChannel, type CallChannelEvents, type JoinFlags } from '../calls/index.js';
import type { PromptRef } from '../prompts/index.js';
import { processResources, type Release, type Resources } from '../observability/index.js';
import type { Clock, TimerHandle } from '../time/index.js';

/**
 * What a test or the benchmark may watch of a simulated call, as a media server would report it.
 * Every hook is optional and called synchronously.
 */
export interface MediaHooks {
  /** The call was answered: the caller is on the line. */
  answered?(channel: SimulatedChannel): void;
  /** Foyer sent the channel a command: play, stop, join, hang up, or cutting a play short. */
  command?(channel: SimulatedChannel): void;
  /** A prompt started playing; `index` is its place in the sequence Foyer asked for. */
  promptStarted?(channel: SimulatedChannel, prompt: PromptRef, index: number): void;
  /** A sequence played to its end; `dueMs` is when (on the channel's clock) its last prompt was due to end. */
  playedThrough?(channel: SimulatedChannel, dueMs: number): void;
  /** The call ended, whichever side ended it. */
  ended?(channel: SimulatedChannel): void;
}

const NO_HOOKS: MediaHooks = {};

/**
 * A call channel on a simulated clock that behaves like a media server: a prompt plays for its
 * real duration, a new play replaces the current one, `stop` and the abort signal cut it short;
 * keys arrive when the caller presses them. It records what happened so tests can assert on it,
 * and reports it to its hooks.
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
    private readonly hooks: MediaHooks = NO_HOOKS,
  ) {}

  /** The call is answered: from now on the channel is a live resource until it ends. */
  open(): void {
    if (this.release || this.endedBy) return;
    this.release = this.resources.acquire('channels', this.callId);
    this.hooks.answered?.(this);
  }

  play(prompts: readonly PromptRef[], signal: AbortSignal): Promise<void> {
    if (this.endedBy || signal.aborted) return Promise.resolve();
    this.hooks.command?.(this);
    this.stopPlayback();
    return new Promise<void>((resolve) => {
      const onAbort = () => {
        this.hooks.command?.(this);
        this.stopPlayback();
      };
      const finish = () => {
        signal.removeEventListener('abort', onAbort);
        if (this.playback?.finish === finish) this.playback = undefined;
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const playFrom = (index: number) => {
        const prompt = prompts[index];
        if (!prompt || this.endedBy) {
          finish();
          return;
        }
        this.played.push(prompt);
        // Reported after the current step, as a media server reports playback start.
        queueMicrotask(() => this.listeners.emit('playing', prompt));
        const last = index === prompts.length - 1;
        const dueMs = this.clock.now() + prompt.durationMs;
        const timer = this.clock.setTimeout(() => {
          if (last) this.hooks.playedThrough?.(this, dueMs);
          playFrom(index + 1);
        }, prompt.durationMs);
        this.playback = { timer, finish };
        this.hooks.promptStarted?.(this, prompt, index);
      };
      this.playback = { timer: undefined, finish };
      playFrom(0);
    });
  }

  stop(): Promise<void> {
    this.hooks.command?.(this);
    this.stopPlayback();
    return Promise.resolve();
  }

  join(conference: string, flags: JoinFlags): Promise<void> {
    this.hooks.command?.(this);
    if (this.endedBy) return Promise.reject(new Error(`call ${this.callId} has ended; cannot join ${conference}`));
    this.joined = { conference, flags };
    return Promise.resolve();
  }

  /** The media server took the call out of its conference. */
  leaveConference(): void {
    this.joined = undefined;
  }

  hangup(): Promise<void> {
    if (!this.endedBy) {
      this.hooks.command?.(this);
      this.end('foyer');
    }
    return Promise.resolve();
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
    this.hooks.ended?.(this);
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
