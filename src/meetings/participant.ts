import type { Actor, AnyStateMachine } from 'xstate';
import type { CallChannel, Departure } from '../calls/index.js';
import type { PromptRef, PromptRequest } from '../prompts/index.js';
import type { Release } from '../observability/index.js';
import type { MemberHandle } from './bridge.js';

/**
 * One admitted caller as the meeting's ports see them: their channel, their conference member and
 * its mute (the media server's state), and their meeting flow's actor, which holds where they are
 * and what happens next (the lobby is theirs: only their flow answers RELEASE there).
 */
export class Participant {
  member: MemberHandle | undefined;
  muted = false;
  /** Set once the flow takes the caller out: nothing more is done for them. */
  leaving = false;
  /** Whether the caller was in the conference when they started leaving. */
  wasInConference = false;
  actor: Actor<AnyStateMachine> | undefined;
  readonly offs: (() => void)[] = [];
  readonly departure: Promise<Departure>;
  /** Settles once the caller waits in the lobby, is in the conference, or has left. */
  readonly placed: Promise<'lobby' | 'conference'>;
  private resolveDeparture!: (departure: Departure) => void;
  private resolvePlaced!: (where: 'lobby' | 'conference') => void;

  constructor(
    readonly callId: string,
    readonly caller: string,
    readonly source: string,
    readonly role: 'host' | 'guest',
    readonly channel: CallChannel,
    /** Prompts in this caller's theme and language. */
    readonly prompts: (requests: readonly PromptRequest[]) => PromptRef[],
    /** Gives back the caller's place in the meeting (a `participants` resource). */
    private readonly release: Release,
  ) {
    this.departure = new Promise((resolve) => (this.resolveDeparture = resolve));
    this.placed = new Promise((resolve) => (this.resolvePlaced = resolve));
  }

  /** The flow has the caller wait in the lobby, or they are in the conference. */
  place(where: 'lobby' | 'conference'): void {
    this.resolvePlaced(where);
  }

  /** The caller is on the way out: nothing more is done for them. */
  startLeaving(): void {
    if (this.leaving) return;
    this.leaving = true;
    this.wasInConference = this.member !== undefined;
  }

  depart(departure: Departure): void {
    this.offs.forEach((off) => off());
    this.offs.length = 0;
    this.release();
    this.resolvePlaced('conference');
    this.resolveDeparture(departure);
  }
}
