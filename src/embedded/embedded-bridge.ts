import type { CallChannel, JoinFlags } from '../calls/index.js';
import type { ConferenceBridge, ConferenceRoom, MemberHandle } from '../meetings/index.js';
import { processResources, type Logger, type Release, type Resources } from '../observability/index.js';
import type { PromptRef } from '../prompts/index.js';
import { EmbeddedChannel } from './embedded-channel.js';
import { Mixer, type MixerInput } from './media/mixer.js';
import type { PromptAudioCache } from './media/prompt-audio.js';
import { PromptPlayer } from './media/prompt-player.js';

interface EmbeddedMember extends MemberHandle {
  readonly channel: EmbeddedChannel;
  readonly input: MixerInput;
  readonly moderator: boolean;
  readonly leave: () => void;
  readonly release: Release;
}

export interface EmbeddedBridgeOptions {
  readonly prompts: PromptAudioCache;
  readonly logger: Logger;
  readonly resources?: Resources;
}

/** A member as tests and /health see it. */
export interface EmbeddedMemberView {
  readonly callId: string;
  readonly moderator: boolean;
  readonly muted: boolean;
}

/** Conferences mixed in Foyer's own process, one mixer each, for the embedded endpoint. */
export class EmbeddedBridge implements ConferenceBridge {
  private readonly rooms = new Map<string, EmbeddedConference>();

  constructor(private readonly options: EmbeddedBridgeOptions) {}

  create(name: string): Promise<ConferenceRoom> {
    return Promise.resolve(this.room(name));
  }

  /** The conference called `name`, made when first asked for (a channel's own join). */
  room(name: string): EmbeddedConference {
    let room = this.rooms.get(name);
    if (!room) {
      room = new EmbeddedConference(name, this.options, () => this.rooms.delete(name));
      this.rooms.set(name, room);
    }
    return room;
  }

  /** Conferences whose names start with `prefix`, and their members. */
  members(prefix = ''): { conference: string; member: EmbeddedMemberView }[] {
    return [...this.rooms.values()]
      .filter((room) => room.name.startsWith(prefix))
      .flatMap((room) => room.view().map((member) => ({ conference: room.name, member })));
  }
}

/**
 * One conference: members' decoded audio into a Mixer, each member's mix back to its call. Muted
 * members are heard by no one; announcements to all are mixed in; a prompt to one member is
 * mixed into what that member alone hears.
 */
export class EmbeddedConference implements ConferenceRoom {
  private readonly members = new Map<string, EmbeddedMember>();
  private readonly mixer = new Mixer();
  private readonly resources: Resources;
  private readonly release: Release;
  private announcements: PromptPlayer[] = [];

  constructor(
    readonly name: string,
    private readonly options: EmbeddedBridgeOptions,
    private readonly onDestroy: () => void,
  ) {
    this.resources = options.resources ?? processResources;
    this.release = this.resources.acquire('conferences', `conference:${name}`);
    this.mixer.everyone = () => this.announcements[0]?.nextPcm();
  }

  add(channel: CallChannel, flags: JoinFlags): Promise<MemberHandle> {
    if (!(channel instanceof EmbeddedChannel))
      return Promise.reject(new Error('embedded conferences take calls of the embedded endpoint only'));
    if (channel.isEnded) return Promise.reject(new Error(`call ${channel.callId} has ended`));
    const input: MixerInput = { muted: flags.muted, queue: [] };
    const offMixer = this.mixer.add(input);
    const offAudio = channel.onAudio((pcm) => Mixer.push(input, pcm));
    const offMix = channel.attachMix((frame) => this.mixer.outputFor(input, frame));
    const leave = () => {
      offMixer();
      offAudio();
      offMix();
      this.members.delete(channel.callId);
    };
    const release = this.resources.acquire('members', channel.callId);
    const member: EmbeddedMember = {
      callId: channel.callId,
      channel,
      input,
      moderator: flags.moderator,
      leave,
      release,
    };
    this.members.set(channel.callId, member);
    // A call that ends leaves the mix at once; the meeting rules remove it in their own time.
    void channel.whenEnded.then(() => {
      leave();
      release();
    });
    return Promise.resolve(member);
  }

  setMuted(member: MemberHandle, muted: boolean): Promise<void> {
    const found = this.members.get(member.callId);
    if (found) found.input.muted = muted;
    return Promise.resolve();
  }

  remove(member: MemberHandle): Promise<void> {
    const found = member as EmbeddedMember;
    found.leave();
    found.release();
    return Promise.resolve();
  }

  async playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void> {
    const found = this.members.get(member.callId);
    if (!found || found.channel.isEnded) return;
    const items = await this.load(prompts);
    await new Promise<void>((resolve) => {
      const player = new PromptPlayer(
        items,
        () => undefined,
        () => {
          if (found.input.private === next) delete found.input.private;
          resolve();
        },
      );
      const next = () => player.nextPcm();
      found.input.private = next;
      void found.channel.whenEnded.then(() => player.stop());
    });
  }

  async playToAll(prompts: readonly PromptRef[]): Promise<void> {
    const items = await this.load(prompts);
    await new Promise<void>((resolve) => {
      const player = new PromptPlayer(
        items,
        () => undefined,
        () => {
          this.announcements = this.announcements.filter((queued) => queued !== player);
          resolve();
        },
      );
      // Announcements follow one another; with nobody left to hear them, they end at once.
      this.announcements.push(player);
      if (this.members.size === 0) player.stop();
    });
  }

  destroy(): Promise<void> {
    for (const member of [...this.members.values()]) {
      member.leave();
      member.release();
    }
    for (const player of [...this.announcements]) player.stop();
    this.release();
    this.onDestroy();
    return Promise.resolve();
  }

  view(): EmbeddedMemberView[] {
    return [...this.members.values()].map((member) => ({
      callId: member.callId,
      moderator: member.moderator,
      muted: member.input.muted,
    }));
  }

  private load(prompts: readonly PromptRef[]) {
    return Promise.all(prompts.map(async (prompt) => ({ prompt, audio: await this.options.prompts.load(prompt) })));
  }
}
