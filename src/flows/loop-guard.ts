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

/**
 * Steps taken in this turn of the event loop, per call: many calls whose keys arrive in the same
 * turn each have the whole budget. Forgotten when the loop turns, so nothing outlives a call.
 */
const stepsThisTurn = new Map<object, number>();

function forgetTheTurn(): void {
  stepsThisTurn.clear();
}

/**
 * Counts one guard or action of `flow` against the call it runs for, `owner`: an action's actor
 * system (one per call), or a guard's context (a guard sees nothing else; a circle of guards that
 * changes nothing keeps one context, and one that assigns runs actions, which are counted by
 * system). Past the limit it throws FlowLoopError: XState fails the flow, and the session ends
 * that call, and only that call, with flow_error. Loops through actors are counted by the session,
 * one step per state change.
 */
export function countStep(flow: string, owner: object): void {
  if (stepsThisTurn.size === 0) whenTheLoopTurns(forgetTheTurn);
  const steps = (stepsThisTurn.get(owner) ?? 0) + 1;
  stepsThisTurn.set(owner, steps);
  if (steps > MAX_STEPS_WITHOUT_WAITING) throw new FlowLoopError(flow, MAX_STEPS_WITHOUT_WAITING);
}
