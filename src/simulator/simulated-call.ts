import type { CallChannel, InboundCall, RejectReason } from '../calls/index.js';
import type { Resources } from '../observability/index.js';
import type { Clock } from '../time/index.js';
import type { KeyAction } from './key-script.js';
import { SimulatedChannel, type MediaHooks } from './simulated-channel.js';

export interface SimulatedCallOptions {
  readonly callId: string;
  readonly to: string;
  readonly from: string;
  readonly source: string;
  readonly userAgent?: string;
  /** Headers of the INVITE (a trusted proxy may name the caller in one). */
  readonly headers?: Readonly<Record<string, string>>;
  /** What the caller does once answered. */
  readonly script: readonly KeyAction[];
  /** Where the answered channel is counted; the process's counters by default. */
  readonly resources?: Resources;
  /** What the caller's side hears of the call (a benchmark caller that listens, a probe). */
  readonly hooks?: MediaHooks;
}

/** An incoming call from a scripted caller. */
export class SimulatedCall implements InboundCall {
  readonly callId: string;
  readonly to: string;
  readonly from: string;
  readonly source: string;
  readonly userAgent?: string;
  readonly channel: SimulatedChannel;
  rejected: RejectReason | undefined;
  answeredAt: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly options: SimulatedCallOptions,
  ) {
    this.callId = options.callId;
    this.to = options.to;
    this.from = options.from;
    this.source = options.source;
    if (options.userAgent !== undefined) this.userAgent = options.userAgent;
    this.channel = new SimulatedChannel(options.callId, clock, options.resources, options.hooks);
  }

  header(name: string): string | undefined {
    const wanted = name.toLowerCase();
    return Object.entries(this.options.headers ?? {}).find(([key]) => key.toLowerCase() === wanted)?.[1];
  }

  answer(): Promise<CallChannel> {
    this.answeredAt = this.clock.now();
    this.channel.open();
    for (const action of this.options.script) {
      this.clock.setTimeout(
        () => ('key' in action ? this.channel.press(action.key) : this.channel.callerHangup()),
        action.atMs,
      );
    }
    return Promise.resolve(this.channel);
  }

  reject(reason: RejectReason): Promise<void> {
    this.rejected = reason;
    return Promise.resolve();
  }
}
