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

/**
 * A conference on the simulated media server: who is in it, with which flags, muted or not.
 * Playing to everyone plays on each member's channel (what each member hears is in its
 * transcript, as the scenario files show it) and ends when every member has heard it or had it
 * cut short; with nobody in the conference it ends at once.
 */
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

  setMuted(member: MemberHandle, muted: boolean): Promise<void> {
    const found = this.members.get(member.callId);
    if (found) found.muted = muted;
    return Promise.resolve();
  }

  remove(member: MemberHandle): Promise<void> {
    const found = this.members.get(member.callId);
    if (found) {
      this.members.delete(member.callId);
      found.release();
      found.channel.leaveConference();
    }
    return Promise.resolve();
  }

  async playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void> {
    const found = this.members.get(member.callId);
    if (found) await found.channel.play(prompts, new AbortController().signal);
  }

  async playToAll(prompts: readonly PromptRef[]): Promise<void> {
    const signal = new AbortController().signal;
    await Promise.all([...this.members.values()].map((member) => member.channel.play(prompts, signal)));
  }

  destroy(): Promise<void> {
    if (!this.destroyed) {
      this.destroyed = true;
      this.release();
      this.onDestroy(this);
    }
    return Promise.resolve();
  }
}

/** Conferences for the simulator, the tests and the benchmark. */
export class SimulatedBridge implements ConferenceBridge {
  readonly conferences = new Map<string, SimulatedConference>();

  constructor(private readonly resources: Resources = processResources) {}

  create(name: string): Promise<ConferenceRoom> {
    if (this.conferences.has(name)) return Promise.reject(new Error(`conference exists: ${name}`));
    const ended = (conference: SimulatedConference) => this.conferences.delete(conference.name);
    const conference = new SimulatedConference(name, ended, this.resources);
    this.conferences.set(name, conference);
    return Promise.resolve(conference);
  }

  /** Members in every live conference (zero once every call has left). */
  get memberCount(): number {
    let total = 0;
    for (const conference of this.conferences.values()) total += conference.members.size;
    return total;
  }
}
