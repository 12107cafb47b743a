import type { CallChannel, InboundCall, JoinFlags, RejectReason } from '../../src/calls/index.js';
import type { Resources } from '../../src/observability/index.js';
import type { PromptRef } from '../../src/prompts/index.js';
import { SimulatedChannel } from '../../src/simulator/index.js';
import type { Clock } from '../../src/time/index.js';

export type StuckOperation = 'play' | 'join' | 'hangup';

/**
 * A simulated call whose media server stops answering: the operations named never settle (and
 * ignore their abort signal), as a FreeSWITCH command lost on a dead event socket would.
 */
export class StuckChannel extends SimulatedChannel {
  /** How often a stuck operation was started. */
  readonly stuckCalls: Record<StuckOperation, number> = { play: 0, join: 0, hangup: 0 };

  constructor(
    callId: string,
    clock: Clock,
    resources: Resources,
    readonly stuck: ReadonlySet<StuckOperation>,
  ) {
    super(callId, clock, resources);
  }

  override play(prompts: readonly PromptRef[], signal: AbortSignal): Promise<void> {
    if (!this.stuck.has('play')) return super.play(prompts, signal);
    this.stuckCalls.play += 1;
    this.played.push(...prompts);
    return new Promise(() => undefined);
  }

  override join(conference: string, flags: JoinFlags): Promise<void> {
    if (!this.stuck.has('join')) return super.join(conference, flags);
    this.stuckCalls.join += 1;
    return new Promise(() => undefined);
  }

  override hangup(): Promise<void> {
    if (!this.stuck.has('hangup')) return super.hangup();
    this.stuckCalls.hangup += 1;
    // The call is ended on Foyer's side; the media server never confirms.
    void super.hangup();
    return new Promise(() => undefined);
  }
}

/** An incoming call on a StuckChannel. */
export class StuckCall implements InboundCall {
  readonly from = 'sip:stuck@example.com';
  readonly source = '192.0.2.66';
  readonly channel: StuckChannel;
  rejected: RejectReason | undefined;

  constructor(
    readonly callId: string,
    readonly to: string,
    clock: Clock,
    resources: Resources,
    stuck: readonly StuckOperation[],
  ) {
    this.channel = new StuckChannel(callId, clock, resources, new Set(stuck));
  }

  answer(): Promise<CallChannel> {
    this.channel.open();
    return Promise.resolve(this.channel);
  }

  reject(reason: RejectReason): Promise<void> {
    this.rejected = reason;
    return Promise.resolve();
  }
}
