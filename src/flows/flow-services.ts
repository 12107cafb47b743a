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
}
