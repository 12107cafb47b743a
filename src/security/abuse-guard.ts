import { pinRequired, type PinJudgement, type Room } from '../directory/index.js';
import type { Logger, UsageLog } from '../observability/index.js';
import type { Clock, TimerHandle } from '../time/index.js';
import type { AbuseStore, BlockReason, BlockRecord, BlockSubject } from './abuse-store.js';
import { resolveSource, type CallerSource, type SourceRequest } from './caller-source.js';
import { isScannerAgent, type SecurityPolicy } from './policy.js';

/** Why a caller is refused: each is also the reason code of the call's end. */
export type Refusal = 'scanner_ua' | 'source_blocked' | 'room_blocked';

/** Why PIN entry is closed to a caller (each is also the call's end reason). */
export type PinRefusal = Exclude<Refusal, 'scanner_ua'>;

/** A block placed or ended, for the simulator's transcript. */
export interface SecurityEvent {
  readonly event: 'blocked' | 'unblocked';
  readonly block: BlockRecord;
  /** How an unblock came about. */
  readonly how?: 'expired' | 'lifted';
  /** The call whose request tipped the count. */
  readonly callId?: string;
}

export interface GuardOptions {
  readonly store: AbuseStore;
  readonly policy: SecurityPolicy;
  /** Its `now()` is wall-clock milliseconds (shared stores compare the times of several processes). */
  readonly clock: Clock;
  readonly logger: Logger;
  readonly usage?: UsageLog;
  readonly observer?: (event: SecurityEvent) => void;
}

/**
 * The rules of abuse resistance over an abuse store: who is refused, what counts, when a source
 * or a room is blocked and for how long. Never throws: when the store fails, the call goes
 * through (blocking must not take the service down) and the failure is logged.
 */
export class AbuseGuard {
  private readonly timers = new Set<TimerHandle>();
  private sweeper: TimerHandle | undefined;
  private lastFailure = Number.NEGATIVE_INFINITY;
  private lastFailureLogged = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: GuardOptions) {}

  get policy(): SecurityPolicy {
    return this.options.policy;
  }

  get storeKind(): string {
    return this.options.store.kind;
  }

  /** Who a request counts against (see resolveSource). */
  sourceOf(request: SourceRequest): CallerSource {
    return resolveSource(request, this.options.policy);
  }

  /** Whether a request with this User-Agent comes from a known scanner (allow-listed sources excepted). */
  isScanner(source: CallerSource, userAgent: string | undefined): boolean {
    return !source.allowed && isScannerAgent(this.options.policy, userAgent);
  }

  /** Whether a new request is refused before anything else: a scanner's user agent, or a blocked source. */
  async screen(
    source: CallerSource,
    userAgent: string | undefined,
  ): Promise<'scanner_ua' | 'source_blocked' | undefined> {
    if (this.isScanner(source, userAgent)) return 'scanner_ua';
    if (source.allowed) return undefined;
    return this.safely('checking a block', undefined, async () =>
      (await this.inForce({ kind: 'source', id: source.id })) ? 'source_blocked' : undefined,
    );
  }

  /** Whether `source` may enter a PIN for `room` now (or, for a room without PIN, reach it at all). */
  async gate(room: Room, source: CallerSource): Promise<PinRefusal | undefined> {
    if (source.allowed) return undefined;
    return this.safely('checking a block', undefined, () => this.gateNow(room, source));
  }

  /** Counts a judged PIN entry; resolves to whether PIN entry stays open for this source and room. */
  async pinJudged(
    room: Room,
    source: CallerSource,
    judgement: PinJudgement,
    callId: string,
  ): Promise<PinRefusal | undefined> {
    if (source.allowed) return undefined;
    const { store, policy } = this.options;
    return this.safely('counting a PIN attempt', undefined, async () => {
      const now = this.now();
      if (judgement.good && !judgement.empty) {
        await store.exempt(room.name, source.id, now, policy.exemptionMs);
        return undefined;
      }
      // An empty # is no guess: it is how guests join rooms without a guest PIN.
      if (!judgement.empty) {
        const [bySource, byRoom] = await Promise.all([
          store.hit(pinKey('source', source.id), now, policy.windowMs),
          store.hit(pinKey('room', room.name), now, policy.windowMs),
        ]);
        if (bySource > policy.sourcePinLimit) await this.blockSource(source, 'pin_guessing', callId);
        if (byRoom > policy.roomPinLimit)
          await this.place({ kind: 'room', id: room.name }, 'pin_guessing', policy.blockMs, callId);
      }
      return this.gateNow(room, source);
    });
  }

  /** Counts an unknown alias dialled or an invalid number entered at a reception. */
  async scanned(source: CallerSource, callId: string): Promise<void> {
    if (source.allowed) return;
    const { store, policy } = this.options;
    await this.safely('counting an invalid number', undefined, async () => {
      if ((await store.hit(scanKey(source.id), this.now(), policy.windowMs)) > policy.scanLimit)
        await this.blockSource(source, 'scanning', callId);
    });
  }

  /** Blocks in force now. Throws when the store cannot be read (an operator asked). */
  async blocks(): Promise<BlockRecord[]> {
    return this.options.store.activeBlocks(this.now());
  }

  /** Ends a block at once and forgets its history and counters; resolves to it, or undefined when none was in force. */
  async lift(subject: BlockSubject): Promise<BlockRecord | undefined> {
    // A block that ended unreported is reported as ended, not forgotten with the lift.
    await this.sweep();
    const counters =
      subject.kind === 'source' ? [pinKey('source', subject.id), scanKey(subject.id)] : [pinKey('room', subject.id)];
    const block = await this.options.store.lift(subject, this.now(), counters);
    if (block) this.reportEnd(block, 'lifted');
    return block;
  }

  /** Reports blocks that have ended (to the usage log); each once, across processes. */
  async sweep(): Promise<void> {
    await this.safely('reporting ended blocks', undefined, async () => {
      for (const block of await this.options.store.takeEnded(this.now())) this.reportEnd(block, 'expired');
    });
  }

  /** Sweeps every `everyMs` (a running Foyer: blocks placed by other processes end here too). */
  startSweeping(everyMs: number): void {
    const { clock } = this.options;
    const tick = () => {
      this.sweeper = clock.setTimeout(() => void this.sweep().finally(tick), everyMs);
    };
    if (this.sweeper === undefined) tick();
  }

  async close(): Promise<void> {
    for (const timer of this.timers) this.options.clock.clearTimeout(timer);
    this.timers.clear();
    if (this.sweeper !== undefined) this.options.clock.clearTimeout(this.sweeper);
    this.sweeper = undefined;
    await this.options.store.close();
  }

  private async gateNow(room: Room, source: CallerSource): Promise<PinRefusal | undefined> {
    if (await this.inForce({ kind: 'source', id: source.id })) return 'source_blocked';
    if (!pinRequired(room) || !(await this.inForce({ kind: 'room', id: room.name }))) return undefined;
    const since = await this.options.store.exemptSince(room.name, source.id);
    return since !== undefined && this.now() - since < this.options.policy.exemptionMs ? undefined : 'room_blocked';
  }

  private async inForce(subject: BlockSubject): Promise<boolean> {
    const block = await this.options.store.block(subject);
    return block !== undefined && block.until > this.now();
  }

  /** A source's block: the base length, doubled for each repeat within the repeat window, up to the maximum. */
  private async blockSource(source: CallerSource, reason: BlockReason, callId: string): Promise<void> {
    const { policy, store } = this.options;
    const previous = await store.block({ kind: 'source', id: source.id });
    const now = this.now();
    if (previous && previous.until > now) return;
    const repeat = previous !== undefined && now - previous.until <= policy.repeatWindowMs;
    const durationMs = repeat ? Math.min(previous.durationMs * 2, policy.maxBlockMs) : policy.blockMs;
    await this.place({ kind: 'source', id: source.id }, reason, durationMs, callId);
  }

  private async place(subject: BlockSubject, reason: BlockReason, durationMs: number, callId: string): Promise<void> {
    const { store, policy, clock } = this.options;
    const now = this.now();
    const block: BlockRecord = { ...subject, reason, since: now, until: now + durationMs, durationMs };
    const result = await store.place(block, now, policy.repeatWindowMs);
    if (result.ended) this.reportEnd(result.ended, 'expired');
    if (!result.placed) return;
    this.report({ event: 'blocked', block, callId });
    this.options.usage?.write({
      type: 'block',
      kind: block.kind,
      subject: block.id,
      reason,
      since: iso(block.since),
      until: iso(block.until),
      duration_s: durationMs / 1000,
      call_id: callId,
    });
    this.options.logger.info(
      { event: 'blocked', kind: block.kind, subject: block.id, reason, durationS: durationMs / 1000, callId },
      `${block.kind} ${block.id} blocked for ${durationMs / 60_000} min (${reason})`,
    );
    const timer = clock.setTimeout(() => {
      this.timers.delete(timer);
      void this.sweep();
    }, durationMs);
    this.timers.add(timer);
  }

  private reportEnd(block: BlockRecord, how: 'expired' | 'lifted'): void {
    this.report({ event: 'unblocked', block, how });
    this.options.usage?.write({
      type: 'unblock',
      kind: block.kind,
      subject: block.id,
      reason: how,
      since: iso(block.since),
      until: iso(how === 'expired' ? block.until : this.now()),
    });
    this.options.logger.info(
      { event: 'unblocked', kind: block.kind, subject: block.id, how },
      `${block.kind} ${block.id} unblocked (${how})`,
    );
  }

  private report(event: SecurityEvent): void {
    try {
      this.options.observer?.(event);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'security observer failed');
    }
  }

  private now(): number {
    return this.options.clock.now();
  }

  /**
   * Runs `work`; when the store fails, logs it (at most every 10 s) and resolves to `fallback`.
   * For 5 s after a failure the store is not asked at all, so callers' keys never wait for it.
   */
  private async safely<T>(what: string, fallback: T, work: () => Promise<T>): Promise<T> {
    if (this.now() - this.lastFailure < STORE_RETRY_MS) return fallback;
    try {
      return await work();
    } catch (error) {
      const now = this.now();
      this.lastFailure = now;
      if (now - this.lastFailureLogged >= 10_000) {
        this.lastFailureLogged = now;
        this.options.logger.error(
          { event: 'abuse_store_failed', err: error, store: this.options.store.kind },
          `abuse store (${this.options.store.kind}) failed while ${what}; calls go through unchecked meanwhile`,
        );
      }
      return fallback;
    }
  }
}

/** How long the guard leaves a failed store alone before asking it again. */
const STORE_RETRY_MS = 5_000;

function pinKey(kind: 'source' | 'room', id: string): string {
  return `pin:${kind}:${id}`;
}

function scanKey(id: string): string {
  return `scan:source:${id}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
