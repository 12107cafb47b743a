import type { CallChannel, JoinFlags } from '../calls/index.js';
import type { ConferenceBridge, ConferenceRoom, MemberHandle } from '../meetings/index.js';
import type { PromptRef } from '../prompts/index.js';
import { SimulatedChannel } from './simulated-channel.js';

interface SimulatedMember extends MemberHandle {
  readonly channel: SimulatedChannel;
  readonly flags: JoinFlags;
  muted: boolean;
}

/** A conference on the simulated media server: who is in it, with which flags, muted or not. */
export class SimulatedConference implements ConferenceRoom {
  readonly members = new Map<string, SimulatedMember>();
  destroyed = false;

  constructor(
    readonly name: string,
    private readonly onDestroy: (conference: SimulatedConference) => void,
  ) {}

  async add(channel: CallChannel, flags: JoinFlags): Promise<MemberHandle> {
    if (!(channel instanceof SimulatedChannel)) throw new Error('the simulated bridge takes simulated channels only');
    if (this.destroyed) throw new Error(`conference ${this.name} has ended`);
    await channel.join(this.name, flags);
    const member: SimulatedMember = { callId: channel.callId, channel, flags, muted: flags.muted };
    this.members.set(member.callId, member);
    return member;
  }

  async setMuted(member: MemberHandle, muted: boolean): Promise<void> {
    const found = this.members.get(member.callId);
    if (found) found.muted = muted;
  }

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
    await Promise.all([...this.members.values()].map((member) => member.channel.play(prompts, new AbortController().signal)));
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.onDestroy(this);
  }
}

/** Conferences for the simulator and tests. */
export class SimulatedBridge implements ConferenceBridge {
  readonly conferences = new Map<string, SimulatedConference>();

  async create(name: string): Promise<ConferenceRoom> {
    if (this.conferences.has(name)) throw new Error(`conference exists: ${name}`);
    const conference = new SimulatedConference(name, (ended) => this.conferences.delete(ended.name));
    this.conferences.set(name, conference);
    return conference;
  }

  /** Members in every live conference (zero once every call has left). */
  get memberCount(): number {
    let total = 0;
    for (const conference of this.conferences.values()) total += conference.members.size;
    return total;
  }
}
