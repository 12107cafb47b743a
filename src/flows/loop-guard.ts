import { FlowLoopError } from './flow-loop-error.js';

/** Far more guards and actions than one key press, timeout or prompt end can call for. */
export const MAX_STEPS_WITHOUT_WAITING = 10_000;

let steps = 0;

/**
 * Counts one guard or action of `flow`. XState runs eventless transitions in a loop inside one
 * synchronous step; a loop whose guards keep passing would never give the process back. Counting
 * every guard and action called in one synchronous run (the count starts again once it yields),
 * this throws FlowLoopError past the limit: XState then fails the flow, and the session ends the
 * call with flow_error.
 */
export function countStep(flow: string): void {
  if (steps === 0) queueMicrotask(() => (steps = 0));
  steps += 1;
  if (steps > MAX_STEPS_WITHOUT_WAITING) throw new FlowLoopError(flow, steps);
}
