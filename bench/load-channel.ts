import {
  CallerGoneError,
  Listeners,
  type CallChannel,
  type CallChannelEvents,
  type InboundCall,
  type JoinFlags,
  type RejectReason,
} from '../src/calls/index.js';
import type { PromptRef } from '../src/prompts/index.js';
import type { TimerHandle } from '../src/time/index.js';
import type { LoadClock } from './load-clock.js';
import type { Pending, Probe } from './probe.js';

/** What the caller on the other end of a LoadChannel hears of the call. */
export interface CallerSide {
  answered(channel: LoadChannel): void;
  /** A prompt started; `index` is its place in the sequence Foyer asked for. */
  promptStarted(prompt: PromptRef, index: number): void;
  /** The call is over (either side); the caller stops whatever it was about to do. */
  gone(): void;
}

/**
 * An in-process call channel that behaves like a media server: a prompt plays for its real
 * duration (scaled), a new play replaces the current one, `stop` and the abort signal cut it
 * short. The caller side presses keys and hangs up. Every command Foyer sends is reported to the
 * probe, which times it against the event that caused it.
 */
export class LoadChannel implements CallChannel, Pending {
  pendingFrom: number | undefined;
  pendingDelivered: number | undefined;
  private readonly listeners = new Listeners<CallChannelEvents>();
  private playback: { timer: TimerHandle | undefined; finish: () => void } | undefined;
  ended: 'caller' | 'foyer' | undefined;
  conference: string | undefined;

  constructor(
    readonly callId: string,
    private readonly clock: LoadClock,
    private readonly probe: Probe,
    private readonly caller: CallerSide,
  ) {}

  play(prompts: readonly PromptRef[], signal: AbortSignal): Promise<void> {
    if (this.ended || signal.aborted) return Promise.resolve();
    this.probe.command(this);
    this.stopPlayback();
    return new Promise<void>((resolve) => {
      const onAbort = () => {
        this.probe.command(this);
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
        if (!prompt || this.ended) return finish();
        // Reported after the current step, as a media server reports playback start.
        queueMicrotask(() => this.listeners.emit('playing', prompt));
        const timer = this.clock.after(prompt.durationMs, (due) => {
          if (index === prompts.length - 1) this.probe.delivered(this, due);
          playFrom(index + 1);
        });
        this.playback = { timer, finish };
        this.caller.promptStarted(prompt, index);
      };
      this.playback = { timer: undefined, finish };
      playFrom(0);
    });
  }

  async stop(): Promise<void> {
    this.probe.command(this);
    this.stopPlayback();
  }

  async join(conference: string, _flags: JoinFlags): Promise<void> {
    this.probe.command(this);
    if (this.ended) throw new Error(`call ${this.callId} has ended; cannot join ${conference}`);
    this.conference = conference;
  }

  async hangup(): Promise<void> {
    if (this.ended) return;
    this.probe.command(this);
    this.end('foyer');
  }

  on<K extends keyof CallChannelEvents>(event: K, listener: CallChannelEvents[K]): () => void {
    return this.listeners.on(event, listener);
  }

  /** The caller presses a key that was due at `due`. */
  press(key: string, due: number): void {
    if (this.ended) return;
    this.probe.delivered(this, due);
    this.listeners.emit('dtmf', key);
  }

  /** The caller hangs up. */
  callerHangup(): void {
    if (this.ended) return;
    this.end('caller');
    this.listeners.emit('hangup');
  }

  /** The media server took the call out of its conference. */
  leaveConference(): void {
    this.conference = undefined;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private end(by: 'caller' | 'foyer'): void {
    this.ended = by;
    this.stopPlayback();
    this.caller.gone();
  }

  private stopPlayback(): void {
    const playback = this.playback;
    if (!playback) return;
    this.playback = undefined;
    if (playback.timer !== undefined) this.clock.clearTimeout(playback.timer);
    playback.finish();
  }
}

/** A call arriving at Foyer from a benchmark caller. */
export class LoadInboundCall implements InboundCall {
  readonly from: string;
  readonly source: string;
  channel: LoadChannel | undefined;
  rejected: RejectReason | undefined;

  constructor(
    readonly callId: string,
    readonly to: string,
    private readonly clock: LoadClock,
    private readonly probe: Probe,
    private readonly caller: CallerSide,
    index: number,
  ) {
    this.from = `sip:caller${index}@bench.example`;
    this.source = `198.51.100.${index % 250}`;
  }

  async answer(): Promise<CallChannel> {
    if (this.channel?.ended) throw new CallerGoneError();
    this.channel = new LoadChannel(this.callId, this.clock, this.probe, this.caller);
    this.caller.answered(this.channel);
    return this.channel;
  }

  async reject(reason: RejectReason): Promise<void> {
    this.rejected = reason;
  }
}
