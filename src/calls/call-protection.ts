import { pinRequired, type PinJudgement, type Room, type RouteResult } from '../directory/index.js';
import type { Logger } from '../observability/index.js';
import type { AbuseGuard, CallerSource, PinRefusal } from '../security/index.js';
import type { InboundCall } from './channel.js';

/**
 * One call's side of abuse resistance: who its source is, whether PIN entry is open to it, and
 * the counting of what it does wrong. Without a guard it lets everything through at once.
 *
 * The flow judges PINs synchronously, so the gate it reads (the call's lifecycle keeps it) is
 * reported here each time it is read from the guard: when the room is reached, after each judged
 * entry, and before each key of a PIN entry is handed to the flow (keys wait, in order, for that
 * check). A block placed by another call or another Foyer process therefore applies from the
 * caller's next key on.
 */
export class CallProtection {
  readonly source: CallerSource;
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly guard: AbuseGuard | undefined,
    private readonly call: InboundCall,
    private readonly log: Logger,
    /** The guard's gate for this caller, each time it is read: a block on PIN entry, or none. */
    private readonly onGate: (gate: PinRefusal | undefined) => void,
  ) {
    this.source = CallProtection.sourceOf(guard, call);
  }

  /** Whether an abuse guard screens this call. */
  get guarded(): boolean {
    return this.guard !== undefined;
  }

  /** Who `call` counts against: its packet address, or (behind a trusted proxy) whom the proxy names. */
  static sourceOf(guard: AbuseGuard | undefined, call: InboundCall): CallerSource {
    if (!guard) return { id: call.source, address: call.source, viaProxy: false, allowed: false };
    return guard.sourceOf({ address: call.source, from: call.from, header: (name: string) => call.header?.(name) });
  }

  /** Why the call is refused before anything else: a scanner's user agent, or a blocked source. */
  async onArrival(): Promise<'scanner_ua' | 'source_blocked' | undefined> {
    return this.guard?.screen(this.source, this.call.userAgent);
  }

  /** Counts an alias that matches nothing. */
  async onUnknownAlias(): Promise<void> {
    await this.guard?.scanned(this.source, this.call.callId);
  }

  /** Whether the caller may reach `room`; opens or closes its PIN entry accordingly. */
  async reach(room: Room): Promise<PinRefusal | undefined> {
    if (!this.guard) return undefined;
    const gate = await this.guard.gate(room, this.source);
    this.onGate(gate);
    return gate;
  }

  /**
   * A reception's lookup as the caller must hear it: a room blocked for the caller is a number
   * that does not exist. Invalid numbers (not a bare #) count as scanning.
   */
  async route(result: RouteResult, entry: string): Promise<RouteResult> {
    if (!this.guard) return result;
    if ('room' in result) {
      const refusal = await this.reach(result.room);
      if (!refusal) return result;
      this.log.info(
        { event: 'room_refused', service: result.room.name, source: this.source.id, reason: refusal },
        'reception: the room is blocked for this caller; said not to exist',
      );
    }
    if (entry !== '') await this.guard.scanned(this.source, this.call.callId);
    return { invalid: 'unknown' };
  }

  /** A PIN entry was judged: counts it, and reports the gate it leaves. */
  onPinCheck(room: Room, check: PinJudgement): void {
    const guard = this.guard;
    if (guard) this.enqueue(async () => this.onGate(await guard.pinJudged(room, this.source, check, this.call.callId)));
  }

  /** Hands a key to the flow: at once, or (in a room's PIN entry) once the gate is current, in order. */
  onKey(room: Room | undefined, deliver: () => void): void {
    const guard = this.guard;
    const checks = guard !== undefined && room !== undefined && pinRequired(room);
    if (!checks && this.pending === 0) {
      deliver();
      return;
    }
    this.enqueue(async () => {
      if (checks) this.onGate(await guard.gate(room, this.source));
      deliver();
    });
  }

  /** Resolves when every count and check begun has finished. */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(work: () => Promise<void>): void {
    this.pending++;
    this.queue = this.queue
      .then(work)
      .catch((error: unknown) => this.log.error({ err: error }, 'abuse check failed'))
      .finally(() => this.pending--);
  }
}
