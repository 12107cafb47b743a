/** RFC 3261's timer values (17.1.1.1, table 4), in milliseconds. */
export const T1 = 500;
export const T2 = 4_000;
export const T4 = 5_000;
/** How long a transaction waits for its peer at most (Timers B, F, H, J). */
export const TRANSACTION_TIMEOUT = 64 * T1;

/** The next retransmission interval: doubled, at most `cap` (T2 for most, none for INVITE's Timer A). */
export function backoff(interval: number, cap = T2): number {
  return Math.min(interval * 2, cap);
}
