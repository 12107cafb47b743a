import type { CallChannel, JoinFlags } from '../calls/index.js';
import type { ConferenceBridge, ConferenceRoom, MemberHandle } from '../meetings/index.js';
import { processResources, type Logger, type Release, type Resources } from '../observability/index.js';
import type { PromptRef } from '../prompts/index.js';
import { FreeswitchChannel } from './freeswitch-channel.js';
import type { MediaServerLike } from './library-types.js';
import { race } from './race.js';

interface FreeswitchMember extends MemberHandle {
  readonly memberId: number;
  readonly channel: FreeswitchChannel;
  /** Gives back the member's place (a `members` resource). */
  readonly release: Release;
}

export interface FreeswitchBridgeOptions {
  /** The FreeSWITCH that holds the calls (conferences live where their members' channels are). */
  readonly mediaServer: () => MediaServerLike | undefined;
  readonly promptBase: string;
  readonly logger: Logger;
  readonly operationTimeoutMs: number;
  /** Where conferences and members are counted; the process's counters by default. */
  readonly resources?: Resources;
}

/**
 * Meetings as FreeSWITCH conferences. A conference exists from its first member's join to its
 * last member's departure (FreeSWITCH creates and destroys it); Foyer drives it with the
 * `conference` API: mute, unmute, kick (the call stays up), play to a member or to all. Every
 * command times out; one about a member also ends when the member's call ends.
 */
export class FreeswitchBridge implements ConferenceBridge {
  constructor(private readonly options: FreeswitchBridgeOptions) {}

  create(name: string): Promise<ConferenceRoom> {
    return Promise.resolve(new FreeswitchConference(name, this.options));
  }
}

class FreeswitchConference implements ConferenceRoom {
  private readonly resources: Resources;
  private readonly release: Release;

  constructor(
    readonly name: string,
    private readonly options: FreeswitchBridgeOptions,
  ) {
    this.resources = options.resources ?? processResources;
    this.release = this.resources.acquire('conferences', `conference:${name}`);
  }

  async add(channel: CallChannel, flags: JoinFlags): Promise<MemberHandle> {
    if (!(channel instanceof FreeswitchChannel)) throw new Error('FreeSWITCH conferences take FreeSWITCH calls only');
    const memberId = await channel.joinConference(this.name, flags);
    const release = this.resources.acquire('members', channel.callId);
    // FreeSWITCH drops the member of a call that ends.
    void channel.whenEnded.then(release);
    const member: FreeswitchMember = { callId: channel.callId, memberId, channel, release };
    return member;
  }

  async setMuted(member: MemberHandle, muted: boolean): Promise<void> {
    const { memberId, channel } = member as FreeswitchMember;
    await this.api(`conference ${this.name} ${muted ? 'mute' : 'unmute'} ${memberId}`, channel.whenEnded);
  }

  async remove(member: MemberHandle): Promise<void> {
    const { channel, memberId, release } = member as FreeswitchMember;
    if (!channel.isEnded) await this.api(`conference ${this.name} kick ${memberId}`, channel.whenEnded);
    release();
  }

  async playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void> {
    const { memberId, channel } = member as FreeswitchMember;
    for (const prompt of prompts) {
      if (channel.isEnded) return;
      await this.api(`conference ${this.name} play ${this.file(prompt)} ${memberId}`, channel.whenEnded);
      await pause(prompt.durationMs, channel.whenEnded);
    }
  }

  async playToAll(prompts: readonly PromptRef[]): Promise<void> {
    for (const prompt of prompts) {
      await this.api(`conference ${this.name} play ${this.file(prompt)}`);
      await pause(prompt.durationMs);
    }
  }

  destroy(): Promise<void> {
    // FreeSWITCH ends a conference when its last member leaves; nothing to release there.
    this.release();
    return Promise.resolve();
  }

  private async api(command: string, ended: Promise<unknown> = new Promise(() => undefined)): Promise<string> {
    const server = this.options.mediaServer();
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
