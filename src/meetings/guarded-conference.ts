import type { CallChannel, JoinFlags } from '../calls/index.js';
import type { PromptRef } from '../prompts/index.js';
import { deadline, type Clock } from '../time/index.js';
import type { ConferenceRoom, MemberHandle } from './bridge.js';

/** How long prompts play, in ms. */
export function lengthOf(prompts: readonly PromptRef[]): number {
  return prompts.reduce((total, prompt) => total + prompt.durationMs, 0);
}

/**
 * A conference whose every operation settles within `timeoutMs` (plus the length of what it
 * plays), whatever the media server does: the meeting rules never wait on a command that is not
 * answered. A join that answers after it was given up is undone.
 */
export class GuardedConference implements ConferenceRoom {
  constructor(
    private readonly inner: ConferenceRoom,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  /** Adds `channel`; gives up after the timeout, or when `signal` aborts (the caller left). */
  async add(channel: CallChannel, flags: JoinFlags, signal?: AbortSignal): Promise<MemberHandle> {
    const adding = this.inner.add(channel, flags);
    try {
      return await deadline(`adding ${channel.callId} to ${this.name}`, adding, this.timeoutMs, this.clock, signal);
    } catch (error) {
      void adding.then((late) => this.inner.remove(late)).catch(() => undefined);
      throw error;
    }
  }

  setMuted(member: MemberHandle, muted: boolean): Promise<void> {
    return deadline(
      `${muted ? 'muting' : 'unmuting'} ${member.callId}`,
      this.inner.setMuted(member, muted),
      this.timeoutMs,
      this.clock,
    );
  }

  remove(member: MemberHandle): Promise<void> {
    return deadline(
      `removing ${member.callId} from ${this.name}`,
      this.inner.remove(member),
      this.timeoutMs,
      this.clock,
    );
  }

  playTo(member: MemberHandle, prompts: readonly PromptRef[]): Promise<void> {
    return deadline(
      `playing to ${member.callId}`,
      this.inner.playTo(member, prompts),
      lengthOf(prompts) + this.timeoutMs,
      this.clock,
    );
  }

  playToAll(prompts: readonly PromptRef[]): Promise<void> {
    return deadline(
      `playing to ${this.name}`,
      this.inner.playToAll(prompts),
      lengthOf(prompts) + this.timeoutMs,
      this.clock,
    );
  }

  destroy(): Promise<void> {
    return deadline(`ending ${this.name}`, this.inner.destroy(), this.timeoutMs, this.clock);
  }
}
