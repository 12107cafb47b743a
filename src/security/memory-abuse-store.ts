import { subjectKey, type AbuseStore, type BlockRecord, type BlockSubject, type PlaceResult } from './abuse-store.js';

interface Kept {
  readonly block: BlockRecord;
  readonly keepUntil: number;
  /** Its end has not been reported yet. */
  pending: boolean;
}

/** The abuse store of a single Foyer process (and of the simulator). */
export class MemoryAbuseStore implements AbuseStore {
  readonly kind = 'memory';
  private readonly counters = new Map<string, { hits: number[]; windowMs: number }>();
  private readonly blocks = new Map<string, Kept>();
  private readonly exemptions = new Map<string, { at: number; keepUntil: number }>();

  // The port is asynchronous (Redis); this store answers at once, as settled promises.

  hit(key: string, now: number, windowMs: number): Promise<number> {
    const hits = (this.counters.get(key)?.hits ?? []).filter((at) => at > now - windowMs);
    hits.push(now);
    this.counters.set(key, { hits, windowMs });
    return Promise.resolve(hits.length);
  }

  block(subject: BlockSubject): Promise<BlockRecord | undefined> {
    return Promise.resolve(this.blocks.get(subjectKey(subject))?.block);
  }

  place(block: BlockRecord, now: number, keepMs: number): Promise<PlaceResult> {
    this.forgetOld(now);
    const key = subjectKey(block);
    const kept = this.blocks.get(key);
    if (kept && kept.block.until > now) return Promise.resolve({ placed: false, current: kept.block });
    this.blocks.set(key, { block, keepUntil: block.until + keepMs, pending: true });
    return Promise.resolve({ placed: true, current: block, ...(kept?.pending && { ended: kept.block }) });
  }

  activeBlocks(now: number): Promise<BlockRecord[]> {
    return Promise.resolve(
      [...this.blocks.values()]
        .map((kept) => kept.block)
        .filter((block) => block.until > now)
        .sort((a, b) => a.since - b.since),
    );
  }

  lift(subject: BlockSubject, now: number, counters: readonly string[]): Promise<BlockRecord | undefined> {
    const key = subjectKey(subject);
    const kept = this.blocks.get(key);
    this.blocks.delete(key);
    for (const counter of counters) this.counters.delete(counter);
    return Promise.resolve(kept && kept.block.until > now ? kept.block : undefined);
  }

  takeEnded(now: number): Promise<BlockRecord[]> {
    const ended: BlockRecord[] = [];
    for (const kept of this.blocks.values()) {
      if (kept.pending && kept.block.until <= now) {
        kept.pending = false;
        ended.push(kept.block);
      }
    }
    this.forgetOld(now);
    return Promise.resolve(ended.sort((a, b) => a.until - b.until));
  }

  exempt(room: string, source: string, now: number, keepMs: number): Promise<void> {
    this.exemptions.set(JSON.stringify([room, source]), { at: now, keepUntil: now + keepMs });
    return Promise.resolve();
  }

  exemptSince(room: string, source: string): Promise<number | undefined> {
    return Promise.resolve(this.exemptions.get(JSON.stringify([room, source]))?.at);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Drops what no rule will read again, as Redis expiry does for the shared store. */
  private forgetOld(now: number): void {
    for (const [key, kept] of this.blocks) if (!kept.pending && kept.keepUntil <= now) this.blocks.delete(key);
    for (const [key, exemption] of this.exemptions) if (exemption.keepUntil <= now) this.exemptions.delete(key);
    for (const [key, counter] of this.counters) {
      const last = counter.hits.at(-1);
      if (last === undefined || last <= now - counter.windowMs) this.counters.delete(key);
    }
  }
}
