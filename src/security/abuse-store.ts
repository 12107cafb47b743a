/** What a block stops: a source (everything it sends) or a room (its PIN entry). */
export type BlockKind = 'source' | 'room';

/** Why a block was placed. */
export type BlockReason = 'pin_guessing' | 'scanning';

export interface BlockSubject {
  readonly kind: BlockKind;
  /** A source's id, or a room's name. */
  readonly id: string;
}

/** A block, in force or (kept for the repeat rule) ended. Times are the clock's milliseconds. */
export interface BlockRecord extends BlockSubject {
  readonly reason: BlockReason;
  readonly since: number;
  readonly until: number;
  readonly durationMs: number;
}

export interface PlaceResult {
  /** False when a block was already in force (the one returned as `current`). */
  readonly placed: boolean;
  readonly current: BlockRecord;
  /** An ended block of the same subject whose end nobody had reported yet (it is now). */
  readonly ended?: BlockRecord;
}

/**
 * Where abuse counters, blocks and PIN exemptions live: in this process, or shared by several
 * Foyer processes (Redis). Every time is given by the caller, from its clock, so the store never
 * decides what "now" is; expiry in the store only cleans up.
 */
export interface AbuseStore {
  /** `memory` or `redis`, for /health and `foyer blocks`. */
  readonly kind: string;
  /** Adds one event at `now` to counter `key`; resolves to how many fall within the last `windowMs`. */
  hit(key: string, now: number, windowMs: number): Promise<number>;
  /** The subject's block, in force or ended but kept; undefined when there is none. */
  block(subject: BlockSubject): Promise<BlockRecord | undefined>;
  /**
   * Places `block` unless one is in force at `now`, atomically (two processes never both place
   * one). The record is kept `keepMs` after it ends (for the repeat rule).
   */
  place(block: BlockRecord, now: number, keepMs: number): Promise<PlaceResult>;
  /** Blocks in force at `now`, oldest first. */
  activeBlocks(now: number): Promise<BlockRecord[]>;
  /**
   * Ends the subject's block now and forgets it (no repeat doubling later) with the counters
   * named; resolves to the block that was in force, if any.
   */
  lift(subject: BlockSubject, now: number, counters: readonly string[]): Promise<BlockRecord | undefined>;
  /** Blocks that ended by `now` and were not reported yet; each is handed out once, to one caller. */
  takeEnded(now: number): Promise<BlockRecord[]>;
  /** Remembers that `source` entered a correct PIN for `room` at `now`, for `keepMs`. */
  exempt(room: string, source: string, now: number, keepMs: number): Promise<void>;
  /** When `source` last entered a correct PIN for `room`, if remembered. */
  exemptSince(room: string, source: string): Promise<number | undefined>;
  close(): Promise<void>;
}

/** `source:192.0.2.7`, `room:Alice's room`: one key per subject. */
export function subjectKey(subject: BlockSubject): string {
  return `${subject.kind}:${subject.id}`;
}
