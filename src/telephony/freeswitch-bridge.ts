import type { CallChannel, JoinFlags } from '../calls/index.js';
import type { ConferenceBridge, ConferenceRoom, MemberHandle } from '../meetings/index.js';
import {
  processResources,
  type Logger,
  type MediaMoveMetrics,
  type Release,
  type Resources,
} from '../observability/index.js';
import type { PromptRef } from '../prompts/index.js';
import { FreeswitchChannel } from './freeswitch-channel.js';
import type { MediaServerLike } from './library-types.js';
import { CallEndedError, race } from './race.js';

interface FreeswitchMember extends MemberHandle {
  readonly memberId: number;
  readonly channel: FreeswitchChannel;
  /** Gives back the member's place (a `members` resource). */
  readonly release: Release;
}

export interface FreeswitchBridgeOptions {
  /**
   * The FreeSWITCH asked about a conference none of whose members says where it is (with one
   * server, that one). Conferences live where their members' channels are: commands about a member
   * go to the member's server, announcements to every server the conference has members on.
   */
  readonly mediaServer: () => MediaServerLike | undefined;
  readonly promptBase: string;
  readonly logger: Logger;
  readonly operationTimeoutMs: number;
  /** Where conferences and members are counted; the process's counters by default. */
  readonly resources?: Resources;
  /**
   * A server's name (`host:port`) and system location (the pool's). A caller whose media is on
   * another server of the conference host's location is moved to the host before joining; without
   * it (or in another location) the caller joins where it is.
   */
  readonly placeOf?: (server: MediaServerLike) => ServerPlace | undefined;
  /** Counts the moves. */
  readonly moves?: Pick<MediaMoveMetrics, 'moved'>;
  /** A call's media moved to `to` (the pool counts it there from now on). */
  readonly moved?: (callId: string, to: MediaServerLike) => void;
}

/** Where a media server is. */
export interface ServerPlace {
  readonly address: string;
  readonly location: string;
}

/**
 * Meetings as FreeSWITCH conferences. A conference exists from its first member's join to its
 * last member's departure (FreeSWITCH creates and destroys it); Foyer drives it with the
 * `conference` API: mute, unmute, kick (the call stays up), play to a member or to all. Every
 * command times out; one about a member also ends when the member's call ends.
 */
export class FreeswitchBridge implements ConferenceBridge {
  private readonly live = new Set<FreeswitchConference>();

  constructor(private readonly options: FreeswitchBridgeOptions) {}

  create(name: string): Promise<ConferenceRoom> {
    const conference = new FreeswitchConference(name, this.options, () => this.live.delete(conference));
    this.live.add(conference);
    return Promise.resolve(conference);
  }

  /** The server hosting a live conference whose name starts with `prefix` (its first member's). */
  hostOf(prefix: string): MediaServerLike | undefined {
    for (const conference of this.live)
      if (conference.name.startsWith(prefix) && conference.host) return conference.host;
    return undefined;
  }

  /** Live conferences with members on `server`. */
  conferencesOn(server: MediaServerLike): number {
    let count = 0;
    for (const conference of this.live) if (conference.isOn(server)) count += 1;
    return count;
  }
}

class FreeswitchConference implements ConferenceRoom {
  private readonly resources: Resources;
  private readonly release: Release;
  /** Members by the server their calls are on; the first member's server hosts the conference. */
  private readonly servers = new Map<MediaServerLike, number>();
  host: MediaServerLike | undefined;

  constructor(
    readonly name: string,
    private readonly options: FreeswitchBridgeOptions,
    private readonly ended: () => void,
  ) {
    this.resources = options.resources ?? processResources;
    this.release = this.resources.acquire('conferences', `conference:${name}`);
  }

  async add(channel: CallChannel, flags: JoinFlags): Promise<MemberHandle> {
    if (!(channel instanceof FreeswitchChannel)) throw new Error('FreeSWITCH conferences take FreeSWITCH calls only');
    await this.bringToHost(channel);
    if (channel.isEnded) throw new CallEndedError(`join ${this.name}`);
    const server = channel.mediaServer;
    // Claimed before the join, so that a caller joining meanwhile is brought here too.
    if (server) {
      this.host ??= server;
      this.servers.set(server, (this.servers.get(server) ?? 0) + 1);
    }
    let memberId: number;
    try {
      memberId = await channel.joinConference(this.name, flags);
    } catch (error) {
      if (server) this.leave(server);
      throw error;
    }
    const counted = this.resources.acquire('members', channel.callId);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      counted();
      if (server) this.leave(server);
    };
    // FreeSWITCH drops the member of a call that ends.
    void channel.whenEnded.then(release);
    const member: FreeswitchMember = { callId: channel.callId, memberId, channel, release };
    return member;
  }

  async setMuted(member: MemberHandle, muted: boolean): Promise<void> {
    const { memberId, channel } = member as FreeswitchMember;
    await this.api(
      `conference ${this.name} ${muted ? 'mute' : 'unmute'} ${memberId}`,
      channel.whenEnded,
      channel.mediaServer,
    );
  }

  async remove(member: MemberHandle): Promise<void> {
    const { channel, memberId, release } = member as FreeswitchMember;
    if (!channel.isEnded)
      await this.api(`conference ${this.name} kick ${memberId}`, channel.whenEnded, channel.mediaServer);
    release();
  }

  async playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void> {
    const { memberId, channel } = member as FreeswitchMember;
    for (const prompt of prompts) {
      if (channel.isEnded) return;
      await this.api(
        `conference ${this.name} play ${this.file(prompt)} ${memberId}`,
        channel.whenEnded,
        channel.mediaServer,
      );
      await pause(prompt.durationMs, channel.whenEnded);
    }
  }

  async playToAll(prompts: readonly PromptRef[]): Promise<void> {
    for (const prompt of prompts) {
      const command = `conference ${this.name} play ${this.file(prompt)}`;
      const servers = [...this.servers.keys()];
      await Promise.all(
        servers.length > 0 ? servers.map((server) => this.api(command, undefined, server)) : [this.api(command)],
      );
      await pause(prompt.durationMs);
    }
  }

  destroy(): Promise<void> {
    // FreeSWITCH ends a conference when its last member leaves; nothing to release there.
    this.release();
    this.ended();
    return Promise.resolve();
  }

  isOn(server: MediaServerLike): boolean {
    return this.servers.has(server);
  }

  /**
   * A caller whose media is on another server than the conference's host, in the same location,
   * is moved to the host. In another location, or when the move fails, it joins where it is: a
   * conference of the same name there, whose members do not hear the host's.
   */
  private async bringToHost(channel: FreeswitchChannel): Promise<void> {
    const from = channel.mediaServer;
    const host = this.host;
    if (!from || !host || from === host) return;
    const here = this.options.placeOf?.(from);
    const there = this.options.placeOf?.(host);
    const names = { callId: channel.callId, conference: this.name, from: here?.address, to: there?.address };
    let why = here && there ? `in another location, ${here.location} (no backplanes yet)` : 'in an unknown location';
    if (here && there && here.location === there.location) {
      const started = Date.now();
      const result = await channel.moveTo(host);
      if (result.moved || result.reason !== 'call_ended') this.options.moves?.moved(result.moved ? 'moved' : 'failed');
      if (result.moved) {
        this.options.moved?.(channel.callId, host);
        this.options.logger.info(
          { event: 'media_moved', ...names, ms: Date.now() - started },
          `media moved from ${here.address} to ${there.address}, the host of ${this.name}`,
        );
        return;
      }
      if (result.reason === 'call_ended') return;
      why = `and could not be moved (${result.reason})`;
    }
    this.options.logger.warn(
      { event: 'conference_split', ...names },
      `${this.name} is hosted on ${there?.address ?? 'another FreeSWITCH'}; this caller's media is on ${here?.address ?? 'another'}, ${why}: FreeSWITCH starts a conference of the same name there, and its members do not hear the host's`,
    );
  }

  private leave(server: MediaServerLike): void {
    const left = (this.servers.get(server) ?? 1) - 1;
    if (left > 0) this.servers.set(server, left);
    else this.servers.delete(server);
    // A conference whose host has no member left lives on where its members are.
    if (!this.servers.has(server) && this.host === server) this.host = this.servers.keys().next().value;
  }

  private async api(
    command: string,
    ended: Promise<unknown> = new Promise(() => undefined),
    on?: MediaServerLike,
  ): Promise<string> {
    const server = on ?? this.host ?? this.options.mediaServer();
    if (!server) throw new Error(`FreeSWITCH is not connected: cannot run "${command}"`);
    const reply = await race(command, server.api(command), this.options.operationTimeoutMs, ended);
    if (/^-ERR/.test(reply))
      this.options.logger.warn({ command, reply: reply.trim() }, 'FreeSWITCH refused a conference command');
    return reply;
  }

  private file(prompt: PromptRef): string {
    return `${this.options.promptBase.replace(/\/+$/, '')}/${prompt.file}`;
  }
}

/**
 * FreeSWITCH's `conference play` returns at once; announcements last as long as their audio.
 * Ends early when `ended` settles (the member's call is over).
 */
function pause(ms: number, ended?: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void ended?.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
