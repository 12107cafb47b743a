import type { AnyMachineSnapshot } from 'xstate';
import { hasCompleteEntry } from './digits.js';

/**
 * A state tagged `public_digits` collects an entry that is not secret (a room number): its digits
 * may be shown in simulator output and logs. Digits pressed anywhere else are written as `x`,
 * because they may belong to a PIN.
 */
export const PUBLIC_DIGITS_TAG = 'public_digits';

/** How a key that may be secret is shown. */
export const MASKED_KEY = 'x';

/**
 * The one rule for which keys may be shown (call events, traces, logs, the simulator): `key` as
 * the caller pressed it while the flow, in `snapshot` as it was before the key, collects a
 * non-secret entry that is not yet complete; `x` otherwise (no flow, a PIN, or a key typed ahead
 * past a complete room number, which may be the start of a PIN).
 */
export function shownKey(key: string, snapshot: AnyMachineSnapshot | undefined, maxDigits: number): string {
  return snapshot?.hasTag(PUBLIC_DIGITS_TAG) === true &&
    !hasCompleteEntry((snapshot.context as { buffer: string }).buffer, maxDigits)
    ? key
    : MASKED_KEY;
}
