/**
 * What a call may hold while it runs, and must give back when it ends: flow actors, timers, call
 * channels, meeting participants, conference members, conferences, FreeSWITCH endpoints, and calls
 * out to rooms hosted elsewhere.
 */
export const RESOURCE_KINDS = [
  'flow_actors',
  'timers',
  'channels',
  'participants',
  'members',
  'conferences',
  'endpoints',
  'outbound_calls',
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Gives the resource back. Calling it again does nothing, so every way out may call it. */
export type Release = () => void;

export type ResourceCounts = Record<ResourceKind, number>;

/**
 * Counters of live resources, by kind and by owner (a call id, or `meeting:<instance>` for what a
 * conference instance holds). Code increments where it creates a resource and decrements where it
 * releases it; `GET /health` shows the totals, and tests check that a call that has ended owns
 * nothing.
 */
export class Resources {
  private readonly totalsByKind = new Map<ResourceKind, number>();
  private readonly byOwner = new Map<string, Map<ResourceKind, number>>();

  acquire(kind: ResourceKind, owner: string): Release {
    this.change(kind, owner, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.change(kind, owner, -1);
    };
  }

  /** Live resources of every kind, in all owners. */
  totals(): ResourceCounts {
    return Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, this.totalsByKind.get(kind) ?? 0])) as ResourceCounts;
  }

  /** What `owner` still holds: only kinds with a live resource (empty once it has given all back). */
  heldBy(owner: string): Partial<ResourceCounts> {
    return Object.fromEntries(this.byOwner.get(owner) ?? []);
  }

  /** Owners that hold anything, with what they hold. */
  holders(): Record<string, Partial<ResourceCounts>> {
    return Object.fromEntries([...this.byOwner.keys()].map((owner) => [owner, this.heldBy(owner)]));
  }

  private change(kind: ResourceKind, owner: string, delta: number): void {
    this.totalsByKind.set(kind, (this.totalsByKind.get(kind) ?? 0) + delta);
    let counts = this.byOwner.get(owner);
    if (!counts) this.byOwner.set(owner, (counts = new Map<ResourceKind, number>()));
    const next = (counts.get(kind) ?? 0) + delta;
    if (next !== 0) counts.set(kind, next);
    else if (counts.delete(kind) && counts.size === 0) this.byOwner.delete(owner);
  }
}

/** The process's counters: what `foyer start` reports in `/health`. Tests pass their own. */
export const processResources = new Resources();
