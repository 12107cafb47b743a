import type { RouteResult } from '../directory/index.js';
import type { PromptRequest } from '../prompts/index.js';

/**
 * What a running flow may ask of its call. The call session implements it over the call channel
 * and directory; tests implement it however they like.
 */
export interface FlowServices {
  /**
   * Plays prompts in order (ids, or composed prompts with their values, in the caller's theme and
   * language); resolves when they end or `signal` aborts them (barge-in).
   */
  playPrompts(prompts: readonly PromptRequest[], signal: AbortSignal): Promise<void>;
  /** Resolves a number keyed at a reception to a room. */
  routeNumber(number: string, signal: AbortSignal): Promise<RouteResult>;
  /**
   * Whether PIN entry is blocked for this caller now (abuse resistance): checkPin then judges every
   * entry wrong without looking at it. Absent: never.
   */
  pinEntryRefused?(): boolean;
  /**
   * Transfers the admitted caller to the room's target (a room hosted elsewhere). Resolves when the
   * target took the caller; rejects with TransferFailedError when it did not (busy, no answer,
   * rejected). Absent: calls cannot be transferred here.
   */
  transferCall?(signal: AbortSignal): Promise<TransferDone>;
}

/** How a transfer that worked ended. */
export interface TransferDone {
  readonly result: 'bridged' | 'referred';
  /** The SIP status that decided it (200 to the INVITE, the NOTIFY's 200), when there was one. */
  readonly status?: number;
}

/** Why a transfer did not reach the target: what a flow's onError sees as `error`. */
export class TransferFailedError extends Error {
  constructor(
    readonly result: 'busy' | 'no_answer' | 'rejected' | 'caller_gone' | 'unavailable',
    readonly status?: number,
  ) {
    super(`transfer failed: ${result}${status === undefined ? '' : ` (${status})`}`);
    this.name = 'TransferFailedError';
  }
}
