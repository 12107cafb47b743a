import type { Clock } from '../time/index.js';

/** Answers remembered at most; the oldest go first. Bounded so that scanning random aliases cannot grow it. */
const MAX_ENTRIES = 10_000;

/**
 * Answers a policy server gave, kept for a short time (`policy.cache`) so that a burst of callers
 * into one room asks the server once. Only answers go in, never failures: a server that failed is
 * asked again by the next call.
 */
export class PolicyCache<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (!this.enabled) return;
    this.entries.delete(key);
    const oldest = this.entries.keys().next();
    if (this.entries.size >= MAX_ENTRIES && !oldest.done) this.entries.delete(oldest.value);
    this.entries.set(key, { value, until: this.clock.now() + this.ttlMs });
  }
}
