import type { CallChannel, Departure } from '../calls/index.js';
import type { PromptRef, PromptRequest } from '../prompts/index.js';
import type { Release } from '../observability/index.js';
import type { Clock, TimerHandle } from '../time/index.js';
import type { MemberHandle } from './bridge.js';
import { Keypad } from './keypad.js';

/** One admitted caller, from admission to departure. */
export class Participant {
  where: 'lobby' | 'conference' = 'lobby';
  member: MemberHandle | undefined;
  muted = false;
  /** Set once the caller is on the way out; nothing more is done for them. */
  leaving = false;
  readonly keypad: Keypad;
  readonly timers = new Set<TimerHandle>();
  lobbyPlayback: AbortController | undefined;
  readonly offs: (() => void)[] = [];
  readonly departure: Promise<Departure>;
  private resolveDeparture!: (departure: Departure) => void;
  private readonly gone = new AbortController();

  constructor(
    readonly callId: string,
    readonly caller: string,
    readonly source: string,
    readonly role: 'host' | 'guest',
    readonly channel: CallChannel,
    /** Prompts in this caller's theme and language. */
    readonly prompts: (requests: readonly PromptRequest[]) => PromptRef[],
    /** The meeting's clock, with this caller's timers (the lobby's) counted as the call's. */
    readonly clock: Clock,
    /** Gives back the caller's place in the meeting (a `participants` resource). */
    private readonly release: Release,
  ) {
    this.keypad = new Keypad(() => this.role);
    this.departure = new Promise((resolve) => (this.resolveDeparture = resolve));
  }

  /** Aborts once the caller is on the way out: pending media operations for them are given up. */
  get signal(): AbortSignal {
    return this.gone.signal;
  }

  /** The caller is on the way out: nothing more is done for them. */
  startLeaving(): void {
    this.leaving = true;
    this.gone.abort(new Error(`call ${this.callId} has left the meeting`));
  }

  depart(departure: Departure): void {
    this.offs.forEach((off) => off());
    this.offs.length = 0;
    this.release();
    this.resolveDeparture(departure);
  }
}
