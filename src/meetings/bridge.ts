import type { CallChannel, JoinFlags } from '../calls/index.js';
import type { PromptRef } from '../prompts/index.js';

/** A caller in a media conference, as the media server knows them. */
export interface MemberHandle {
  readonly callId: string;
}

/**
 * One conference on the media server. The meeting rules drive it; it decides nothing. Every
 * operation settles even when the media server does not answer (implementations time out).
 */
export interface ConferenceRoom {
  readonly name: string;
  /** Puts a call into the conference. */
  add(channel: CallChannel, flags: JoinFlags): Promise<MemberHandle>;
  setMuted(member: MemberHandle, muted: boolean): Promise<void>;
  /** Takes a member out of the conference; the call stays up (Foyer may still speak to it). */
  remove(member: MemberHandle): Promise<void>;
  /** Plays to one member only. Resolves when it has played. */
  playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void>;
  /** Plays to everyone in the conference. */
  playToAll(prompts: readonly PromptRef[]): Promise<void>;
  /** Ends the conference (every member must have been removed or gone). */
  destroy(): Promise<void>;
}

/** Creates conferences on a media server: FreeSWITCH in production, simulated elsewhere. */
export interface ConferenceBridge {
  create(name: string): Promise<ConferenceRoom>;
}
