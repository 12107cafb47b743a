/**
 * Says that a suite is skipped and why, in one line: a test that cannot run for want of a tool
 * never passes silently. Call it where the suite decides to skip.
 */
export function skipNotice(suite: string, why: string): void {
  console.warn(`SKIPPED: ${suite}: ${why}`);
}
