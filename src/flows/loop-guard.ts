import { FlowLoopError } from './flow-loop-error.js';

/** Far more guards and actions than one key press, timeout or prompt end can call for. */
export const MAX_STEPS_WITHOUT_WAITING = 10_000;

/** Far more state changes than one key press, timeout or prompt end can cause. */
export const MAX_STATE_CHANGES_WITHOUT_WAITING = 1_000;

// Taken when the module loads, so that test doubles of the timers cannot stop the count starting again.
const whenTheLoopTurns = globalThis.setImmediate;

/**
 * Counts steps a flow takes without waiting: the count starts again each time the event loop turns
 * (a key, a timer, a prompt ending, another call). A flow that never waits for the caller or a
 * timer would never give the process back: eventless transitions whose guards keep passing run
 * inside one XState step, and actors that finish at once and lead back to themselves run in
 * promise callbacks that starve every other call.
 */
export class StepCounter {
  private steps = 0;
  private resetPending = false;

  constructor(private readonly limit = MAX_STEPS_WITHOUT_WAITING) {}

  /** Counts one step; whether the flow has now taken more than the limit without waiting. */
  count(): boolean {
    if (!this.resetPending) {
      this.resetPending = true;
      whenTheLoopTurns(() => {
        this.steps = 0;
        this.resetPending = false;
      });
    }
    this.steps += 1;
    return this.steps > this.limit;
  }
}

const guardsAndActions = new StepCounter();

/**
 * Counts one guard or action of `flow` (every flow shares the count: nothing legitimate comes near
 * the limit in one turn of the event loop). Past the limit it throws FlowLoopError: XState fails
 * the flow, and the session ends the call with flow_error. Loops through actors are counted by the
 * session, one step per state change.
 */
export function countStep(flow: string): void {
  if (guardsAndActions.count()) throw new FlowLoopError(flow, MAX_STEPS_WITHOUT_WAITING);
}
