import type { CallChannel, JoinFlags } from '../calls/index.js';
import type { ConferenceBridge, ConferenceRoom, MemberHandle } from '../meetings/index.js';
import type { Logger } from '../observability/index.js';
import type { PromptRef } from '../prompts/index.js';
import { FreeswitchChannel } from './freeswitch-channel.js';
import type { MediaServerLike } from './library-types.js';
import { race } from './race.js';

interface FreeswitchMember extends MemberHandle {
  readonly memberId: number;
  readonly channel: FreeswitchChannel;
}

export interface FreeswitchBridgeOptions {
  /** The FreeSWITCH that holds the calls (conferences live where their members' channels are). */
  readonly mediaServer: () => MediaServerLike | undefined;
  readonly promptBase: string;
  readonly logger: Logger;
  readonly operationTimeoutMs: number;
}

/**
 * Meetings as FreeSWITCH conferences. A conference exists from its first member's join to its
 * last member's departure (FreeSWITCH creates and destroys it); Foyer drives it with the
 * `conference` API: mute, unmute, kick (the call stays up), play to a member or to all.
 */
export class FreeswitchBridge implements ConferenceBridge {
  constructor(private readonly options: FreeswitchBridgeOptions) {}

  async create(name: string): Promise<ConferenceRoom> {
    return new FreeswitchConference(name, this.options);
  }
}

class FreeswitchConference implements ConferenceRoom {
  constructor(
    readonly name: string,
    private readonly options: FreeswitchBridgeOptions,
  ) {}

  async add(channel: CallChannel, flags: JoinFlags): Promise<MemberHandle> {
    if (!(channel instanceof FreeswitchChannel)) throw new Error('FreeSWITCH conferences take FreeSWITCH calls only');
    const memberId = await channel.joinConference(this.name, flags);
    const member: FreeswitchMember = { callId: channel.callId, memberId, channel };
    return member;
  }

  async setMuted(member: MemberHandle, muted: boolean): Promise<void> {
    await this.api(`conference ${this.name} ${muted ? 'mute' : 'unmute'} ${(member as FreeswitchMember).memberId}`);
  }

  async remove(member: MemberHandle): Promise<void> {
    const { channel, memberId } = member as FreeswitchMember;
    if (channel.isEnded) return;
    await this.api(`conference ${this.name} kick ${memberId}`);
  }

  async playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void> {
    for (const prompt of prompts) {
      await this.api(`conference ${this.name} play ${this.file(prompt)} ${(member as FreeswitchMember).memberId}`);
      await delay(prompt.durationMs);
    }
  }

  async playToAll(prompts: readonly PromptRef[]): Promise<void> {
    for (const prompt of prompts) {
      await this.api(`conference ${this.name} play ${this.file(prompt)}`);
      await delay(prompt.durationMs);
    }
  }

  async destroy(): Promise<void> {
    // FreeSWITCH ends a conference when its last member leaves; nothing to release here.
  }

  private async api(command: string): Promise<string> {
    const server = this.options.mediaServer();
    if (!server) throw new Error(`FreeSWITCH is not connected: cannot run "${command}"`);
    const reply = await race(command, server.api(command), this.options.operationTimeoutMs, new Promise(() => undefined));
    if (/^-ERR/.test(reply)) this.options.logger.warn({ command, reply: reply.trim() }, 'FreeSWITCH refused a conference command');
    return reply;
  }

  private file(prompt: PromptRef): string {
    return `${this.options.promptBase.replace(/\/+$/, '')}/${prompt.file}`;
  }
}

/** FreeSWITCH's `conference play` returns at once; announcements last as long as their audio. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
