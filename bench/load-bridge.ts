import type { CallChannel, JoinFlags } from '../src/calls/index.js';
import type { ConferenceBridge, ConferenceRoom, MemberHandle } from '../src/meetings/index.js';
import type { PromptRef } from '../src/prompts/index.js';
import { LoadChannel } from './load-channel.js';
import type { LoadClock } from './load-clock.js';

interface LoadMember extends MemberHandle {
  readonly channel: LoadChannel;
}

/**
 * Conferences on the benchmark's media server. Like FreeSWITCH's `conference play`, playing to
 * everyone is one command that lasts as long as its audio, whatever the number of members.
 */
class LoadConference implements ConferenceRoom {
  private readonly members = new Map<string, LoadMember>();

  constructor(
    readonly name: string,
    private readonly clock: LoadClock,
    private readonly onDestroy: () => void,
  ) {}

  async add(channel: CallChannel, flags: JoinFlags): Promise<MemberHandle> {
    if (!(channel instanceof LoadChannel)) throw new Error('the benchmark bridge takes benchmark channels only');
    await channel.join(this.name, flags);
    const member: LoadMember = { callId: channel.callId, channel };
    this.members.set(member.callId, member);
    return member;
  }

  async setMuted(): Promise<void> {}

  async remove(member: MemberHandle): Promise<void> {
    const found = this.members.get(member.callId);
    if (!found) return;
    this.members.delete(member.callId);
    found.channel.leaveConference();
  }

  async playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void> {
    const found = this.members.get(member.callId);
    if (found) await found.channel.play(prompts, new AbortController().signal);
  }

  async playToAll(prompts: readonly PromptRef[]): Promise<void> {
    const ms = prompts.reduce((total, prompt) => total + prompt.durationMs, 0);
    await new Promise<void>((resolve) => this.clock.after(ms, () => resolve()));
  }

  async destroy(): Promise<void> {
    this.onDestroy();
  }
}

export class LoadBridge implements ConferenceBridge {
  /** Conferences alive now. */
  live = 0;

  constructor(private readonly clock: LoadClock) {}

  async create(name: string): Promise<ConferenceRoom> {
    this.live++;
    return new LoadConference(name, this.clock, () => this.live--);
  }
}
