import type { CallChannel, JoinFlags } from '../calls/index.js';
import type { ConferenceBridge, ConferenceRoom, MemberHandle } from '../meetings/index.js';
import { processResources, type Release, type Resources } from '../observability/index.js';
import type { PromptRef } from '../prompts/index.js';
import { SimulatedChannel } from './simulated-channel.js';

interface SimulatedMember extends MemberHandle {
  readonly channel: SimulatedChannel;
  readonly flags: JoinFlags;
  muted: boolean;
  readonly release: Release;
}

/** A conference on the simulated media server: who is in it, with which flags, muted or not. */
export class SimulatedConference implements ConferenceRoom {
  readonly members = new Map<string, SimulatedMember>();
  destroyed = false;
  private readonly release: Release;

  constructor(
    readonly name: string,
    private readonly onDestroy: (conference: SimulatedConference) => void,
    private readonly resources: Resources = processResources,
  ) {
    this.release = resources.acquire('conferences', `conference:${name}`);
  }

  async add(channel: CallChannel, flags: JoinFlags): Promise<MemberHandle> {
    if (!(channel instanceof SimulatedChannel)) throw new Error('the simulated bridge takes simulated channels only');
    if (this.destroyed) throw new Error(`conference ${this.name} has ended`);
    await channel.join(this.name, flags);
    const member: SimulatedMember = {
      callId: channel.callId,
      channel,
      flags,
      muted: flags.muted,
      release: this.resources.acquire('members', channel.callId),
    };
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
    found.release();
    found.channel.leaveConference();
  }

  async playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void> {
    const found = this.members.get(member.callId);
    if (found) await found.channel.play(prompts, new AbortController().signal);
  }

  async playToAll(prompts: readonly PromptRef[]): Promise<void> {
    await Promise.all(
      [...this.members.values()].map((member) => member.channel.play(prompts, new AbortController().signal)),
    );
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.release();
    this.onDestroy(this);
  }
}

/** Conferences for the simulator and tests. */
export class SimulatedBridge implements ConferenceBridge {
  readonly conferences = new Map<string, SimulatedConference>();

  constructor(private readonly resources: Resources = processResources) {}

  async create(name: string): Promise<ConferenceRoom> {
    if (this.conferences.has(name)) throw new Error(`conference exists: ${name}`);
    const conference = new SimulatedConference(name, (ended) => this.conferences.delete(ended.name), this.resources);
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
