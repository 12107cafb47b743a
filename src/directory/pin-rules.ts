import { timingSafeEqual } from 'node:crypto';
import type { Role, Room } from './service.js';

/**
 * How one PIN entry was judged: never its digits, so it may be counted, logged and shown. The flow
 * records it, the abuse guard counts it, the session reports it as a PIN attempt.
 */
export interface PinJudgement {
  /** It granted a role. */
  readonly good: boolean;
  /** A bare `#`. */
  readonly empty: boolean;
  /** Judged wrong without looking at the digits, because a block was in force for this caller. */
  readonly refused: boolean;
}

/** Whether callers of this room must enter anything before they join. */
export function pinRequired(room: Room): boolean {
  return room.hostPin !== undefined;
}

/**
 * The role an entered PIN grants in `room`, or undefined when it grants none. `entry` is the
 * digits the caller keyed (empty for a bare `#`). Comparisons take the same time whatever the
 * digits, so timing reveals nothing of the PINs.
 */
export function roleForPin(room: Room, entry: string): Role | undefined {
  if (room.hostPin === undefined) return 'host';
  const isHost = sameDigits(entry, room.hostPin);
  const isGuest = room.guestPin !== undefined && sameDigits(entry, room.guestPin);
  if (isHost) return 'host';
  if (!room.allowGuests) return undefined;
  if (room.guestPin === undefined) return entry === '' ? 'guest' : undefined;
  return isGuest ? 'guest' : undefined;
}

const WIDTH = 32;

/** Constant-time comparison of two digit strings of at most 20 characters. */
export function sameDigits(a: string, b: string): boolean {
  const left = Buffer.alloc(WIDTH);
  const right = Buffer.alloc(WIDTH);
  left.write(a.slice(0, WIDTH));
  right.write(b.slice(0, WIDTH));
  // Compare the lengths without branching on the content, then the padded bytes.
  const sameLength = a.length === b.length;
  return timingSafeEqual(left, right) && sameLength;
}
