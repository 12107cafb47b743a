import type { PromptRef } from '../prompts/index.js';

/** What happens on a call that the session must hear about. */
export interface CallChannelEvents {
  /** The caller pressed a key (0-9, *, #, A-D), whatever the transport. */
  dtmf: (digit: string) => void;
  /** A prompt started playing. */
  playing: (prompt: PromptRef) => void;
  /** The caller hung up. */
  hangup: () => void;
  /** The media or signalling failed; the call cannot go on. */
  failure: (error: Error) => void;
}

/** Flags a caller joins a conference with. */
export interface JoinFlags {
  readonly moderator: boolean;
  readonly muted: boolean;
}

/**
 * One answered call, as the session sees it: prompts out, keys in. Simulated in tests and the
 * simulator; drachtio-server and FreeSWITCH in production. Every operation is Promise-based and
 * settles when the call ends, whatever the media server does.
 */
export interface CallChannel {
  readonly callId: string;
  /** Plays prompts in order. Resolves when they end, or at once when `signal` aborts (barge-in). */
  play(prompts: readonly PromptRef[], signal: AbortSignal): Promise<void>;
  /** Stops whatever is playing. */
  stop(): Promise<void>;
  /** Puts the caller into a conference. */
  join(conference: string, flags: JoinFlags): Promise<void>;
  /** Ends the call from Foyer's side. */
  hangup(): Promise<void>;
  on<K extends keyof CallChannelEvents>(event: K, listener: CallChannelEvents[K]): () => void;
}

/**
 * Why a call was refused before it was answered; telephony maps each to its SIP response.
 * `blocked`: a scanner or a blocked source (403 with no body, or no answer at all, as configured).
 */
export type RejectReason = 'not_found' | 'unavailable' | 'forbidden' | 'blocked';

/** A call that has arrived and not yet been answered. */
export interface InboundCall {
  readonly callId: string;
  /** What the caller dialled: the request URI or a bare alias. */
  readonly to: string;
  readonly from: string;
  /** Where the call came from (address), for abuse counters and the usage log. */
  readonly source: string;
  /** The port the call came from, when the transport says. */
  readonly sourcePort?: number;
  readonly userAgent?: string;
  /** A header of the request (the source behind a trusted proxy may be named in one). */
  header?(name: string): string | undefined;
  answer(): Promise<CallChannel>;
  reject(reason: RejectReason): Promise<void>;
}
