import type { Logger } from '../observability/index.js';
import type { ServerProblem } from './freeswitch-checks.js';
import type { MediaServerLike } from './library-types.js';
import type { MediaServerConnection } from './media-server.js';

/** What the pool needs of one server's connection (a MediaServerConnection; tests pass fakes). */
export type MediaNode = Pick<MediaServerConnection, 'current' | 'state' | 'problems' | 'start' | 'stop'>;

/** One FreeSWITCH of the pool. */
export interface PoolMember {
  /** `host:port` of its event socket: how logs, /health and /metrics name it. */
  readonly address: string;
  readonly location: string;
  /** Calls it may carry at once; undefined: no limit. */
  readonly capacity?: number;
  readonly node: MediaNode;
}

/** A new call's place on a server: hold it until the call is over, then `release` it (once is enough). */
export interface Placement {
  readonly server: MediaServerLike;
  readonly address: string;
  readonly location: string;
  release(): void;
}

export interface PlacementRequest {
  readonly callId: string;
  /** The caller's location; servers elsewhere are used only when none here can take the call. */
  readonly location: string;
  /** A server to use when it can take the call, wherever it is (the one hosting the dialled room). */
  readonly prefer?: MediaServerLike;
}

/** One server as /health and /metrics show it. */
export interface PoolMemberStatus {
  readonly address: string;
  readonly location: string;
  readonly state: MediaNode['state'];
  readonly up: boolean;
  readonly calls: number;
  readonly capacity?: number;
  readonly conferences: number;
  readonly problems: readonly ServerProblem[];
}

/**
 * Several FreeSWITCH servers, each with its own connection (which reconnects by itself). A new
 * call goes to a connected server in the caller's location with the most free capacity (capacity
 * minus the calls placed on it; a server without capacity counts as unlimited), a full server is
 * skipped, and when the location has none that can take it, to any connected server. Calls are
 * counted from placement until their holder releases them, however the call ended.
 */
export class MediaServerPool {
  private readonly calls = new Map<PoolMember, number>();
  /** Where each placed call is counted now, by Call-ID. */
  private readonly holdings = new Map<string, { member: PoolMember }>();
  /** Where callers placed by no rule are: the first server's location. */
  readonly defaultLocation: string;

  constructor(
    readonly members: readonly PoolMember[],
    private readonly logger: Logger,
  ) {
    const [first] = members;
    if (!first) throw new Error('a media server pool needs at least one server');
    this.defaultLocation = first.location;
    for (const member of members) this.calls.set(member, 0);
  }

  /** Whether any server can take calls now. */
  get usable(): boolean {
    return this.members.some((member) => member.node.current !== undefined);
  }

  /** A place for a new call, or undefined when no connected server can take it (the call gets 503). */
  place(request: PlacementRequest): Placement | undefined {
    const open = this.members.filter((member) => member.node.current !== undefined && this.free(member) > 0);
    const preferred = open.find((member) => request.prefer && member.node.current === request.prefer);
    const local = open.filter((member) => member.location === request.location);
    const chosen = preferred ?? this.mostFree(local.length > 0 ? local : open);
    const server = chosen?.node.current;
    if (!chosen || !server) {
      if (this.usable)
        this.logger.warn(
          { event: 'media_servers_full', callId: request.callId },
          'every connected FreeSWITCH is at its capacity: 503',
        );
      return undefined;
    }
    if (!preferred && local.length === 0)
      this.logger.warn(
        {
          event: 'media_location_fallback',
          callId: request.callId,
          location: request.location,
          server: chosen.address,
        },
        `no FreeSWITCH in location ${request.location} can take the call: placed on ${chosen.address} (${chosen.location})`,
      );
    return this.hold(request.callId, chosen, server);
  }

  /** A placed call's media moved to `server`: counted there from now on, until its placement is released. */
  moved(callId: string, server: MediaServerLike): void {
    const holding = this.holdings.get(callId);
    const member = this.memberOf(server);
    if (!holding || !member || holding.member === member) return;
    this.calls.set(holding.member, this.callsOn(holding.member) - 1);
    this.calls.set(member, this.callsOn(member) + 1);
    holding.member = member;
  }

  /** The pool's member whose connection currently is `server`. */
  memberOf(server: MediaServerLike): PoolMember | undefined {
    return this.members.find((member) => member.node.current === server);
  }

  /** Each server's state; `conferencesOn` counts the conferences on a connected one. */
  status(conferencesOn: (server: MediaServerLike) => number = () => 0): PoolMemberStatus[] {
    return this.members.map((member) => ({
      address: member.address,
      location: member.location,
      state: member.node.state,
      up: member.node.current !== undefined,
      calls: this.callsOn(member),
      conferences: member.node.current ? conferencesOn(member.node.current) : 0,
      ...(member.capacity !== undefined && { capacity: member.capacity }),
      problems: member.node.problems,
    }));
  }

  start(): void {
    for (const member of this.members) member.node.start();
  }

  stop(): void {
    for (const member of this.members) member.node.stop();
  }

  private callsOn(member: PoolMember): number {
    return this.calls.get(member) ?? 0;
  }

  private free(member: PoolMember): number {
    return (member.capacity ?? Infinity) - this.callsOn(member);
  }

  /** The most free capacity; among equals (unlimited ones), the fewest calls, then the first listed. */
  private mostFree(candidates: readonly PoolMember[]): PoolMember | undefined {
    let best: PoolMember | undefined;
    for (const member of candidates) {
      const better =
        !best ||
        this.free(member) > this.free(best) ||
        (this.free(member) === this.free(best) && this.callsOn(member) < this.callsOn(best));
      if (better) best = member;
    }
    return best;
  }

  private hold(callId: string, member: PoolMember, server: MediaServerLike): Placement {
    this.calls.set(member, this.callsOn(member) + 1);
    const holding = { member };
    this.holdings.set(callId, holding);
    let held = true;
    return {
      server,
      address: member.address,
      location: member.location,
      release: () => {
        if (!held) return;
        held = false;
        this.calls.set(holding.member, this.callsOn(holding.member) - 1);
        if (this.holdings.get(callId) === holding) this.holdings.delete(callId);
      },
    };
  }
}
