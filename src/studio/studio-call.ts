import { randomUUID } from 'node:crypto';
import type { Bundle } from '../bundle/index.js';
import { handleCall, type CallEvent, type CallRecord } from '../calls/index.js';
import type { MeetingSettings } from '../meetings/index.js';
import type { Logger } from '../observability/index.js';
import type { PromptRef, Voice } from '../prompts/index.js';
import type { SecurityPolicy } from '../security/index.js';
import { parseKeyScript, SimulatedCall, SimulationWorld } from '../simulator/index.js';
import type { AudioEvent, ClosedEvent } from './api-types.js';
import { Pacer } from './pacer.js';

/** One Server-Sent Event: `message` carries what `foyer simulate --json` prints. */
export interface StreamEvent {
  readonly event: 'message' | 'audio' | 'closed';
  readonly data: unknown;
}

export interface StudioCallOptions {
  readonly bundle: Bundle;
  readonly to: string;
  readonly from?: string;
  readonly voice?: Partial<Voice>;
  readonly speed: number;
  readonly logger: Logger;
  readonly meetingSettings?: MeetingSettings;
  readonly securityPolicy?: SecurityPolicy;
  /** Where the page fetches a prompt's audio; null when there is none to play. */
  readonly audioUrl: (prompt: PromptRef) => string | null;
}

/**
 * A call tried in the studio: the real session, flows, directory, prompts and meeting rules in a
 * world of its own (the simulator's channel, media server and meetings), its clock paced to real
 * time so a person hears the prompts as a caller would. Keys come from the page; events go to it.
 */
export class StudioCall {
  readonly id = randomUUID();
  /** Settles once the call has left Foyer (IVR and meeting). */
  readonly done: Promise<CallRecord>;
  private readonly history: StreamEvent[] = [];
  private readonly listeners = new Set<(event: StreamEvent) => void>();
  private readonly call: SimulatedCall;
  private readonly world: SimulationWorld;
  private readonly pacer: Pacer;
  private readonly start: number;
  private closed = false;

  constructor(options: StudioCallOptions) {
    this.world = new SimulationWorld({
      bundle: options.bundle,
      logger: options.logger,
      ...(options.voice && { voice: options.voice }),
      ...(options.meetingSettings && { meetingSettings: options.meetingSettings }),
      ...(options.securityPolicy && { securityPolicy: options.securityPolicy }),
    });
    const clock = this.world.clock;
    this.start = clock.now();
    this.call = new SimulatedCall(clock, {
      callId: `studio-${this.id.slice(0, 8)}`,
      to: options.to,
      from: options.from ?? 'sip:designer@studio.invalid',
      source: '192.0.2.1',
      script: [],
      resources: this.world.resources,
    });
    this.call.channel.on('playing', (prompt) => {
      const audio: AudioEvent = {
        id: prompt.id,
        text: prompt.text,
        url: options.audioUrl(prompt),
        durationMs: prompt.durationMs,
      };
      this.push({ event: 'audio', data: audio });
    });
    const observer = (event: CallEvent) => {
      // PIN attempts go to the usage log, never to the transcript (as in `foyer simulate`).
      if (event.type !== 'pin_attempt')
        this.push({ event: 'message', data: { t: Math.round(clock.now() - this.start) / 1000, ...event } });
    };
    this.pacer = new Pacer(clock, options.speed);
    this.done = handleCall(this.call, { ...this.world.sessionOptions(observer), usage: this.world.usage }).then(
      (record) => {
        const closed: ClosedEvent = { outcome: record.outcome, reason: record.reason, admitted: record.admitted };
        this.push({ event: 'closed', data: closed });
        this.closed = true;
        // Leave the world's last timers (a meeting ending) a moment, then stop pacing.
        setTimeout(() => this.pacer.stop(), 1000).unref();
        return record;
      },
    );
    this.pacer.start();
  }

  get ended(): boolean {
    return this.closed;
  }

  get speed(): number {
    return this.pacer.currentSpeed;
  }

  /** Presses keys as `foyer simulate --keys` does (250 ms apart, `,` a second, `!` hangs up), the first at once. */
  keys(script: string): void {
    const actions = parseKeyScript(script);
    const clock = this.world.clock;
    for (const action of actions) {
      const at = Math.max(0, action.atMs - 250);
      clock.setTimeout(() => ('key' in action ? this.call.channel.press(action.key) : this.hangup()), at);
    }
  }

  setSpeed(speed: number): void {
    this.pacer.setSpeed(speed);
  }

  /** The caller hangs up. */
  hangup(): void {
    this.call.channel.callerHangup();
  }

  /** Every event so far, then each new one, until the returned function is called. */
  subscribe(listener: (event: StreamEvent) => void): () => void {
    for (const event of this.history) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  private push(event: StreamEvent): void {
    this.history.push(event);
    for (const listener of this.listeners) listener(event);
  }
}
