import { expect } from 'vitest';
import type { Bundle } from '../../src/bundle/index.js';
import { CALL_REASONS, handleCall, type CallRecord } from '../../src/calls/index.js';
import { SimulatedCall, SimulationWorld, type KeyAction } from '../../src/simulator/index.js';
import { settle, type SimulatedClock } from '../../src/time/index.js';
import { valueText } from '../../src/yaml/index.js';

/** Fires at most `steps` timers (a flow may loop on zero delays), or until `done()`. */
async function runSteps(clock: SimulatedClock, done: () => boolean, steps: number, untilMs: number): Promise<void> {
  for (let step = 0; step < steps; step++) {
    await settle();
    if (done()) return;
    const due = clock.nextDue();
    if (due === undefined || due > untilMs) return;
    await clock.fireNext();
  }
}

export interface BoundedCallOptions {
  readonly bundle: Bundle;
  readonly to: string;
  readonly script: readonly KeyAction[];
  /** When the caller hangs up if the call is still going (simulated ms). */
  readonly hangupAtMs: number;
}

/**
 * One call, whatever the flow or the keys: runs until it ends or `hangupAtMs`, then the caller
 * hangs up. The call must end by then, in a closed-list outcome, holding nothing; any exception
 * escaping the call fails the test.
 */
export async function boundedCall(options: BoundedCallOptions): Promise<CallRecord> {
  const world = new SimulationWorld({ bundle: options.bundle });
  const call = new SimulatedCall(world.clock, {
    callId: 'fuzz',
    to: options.to,
    from: 'sip:fuzz@example.com',
    source: '192.0.2.99',
    script: options.script,
    resources: world.resources,
  });
  let record: CallRecord | undefined;
  let failure: unknown;
  const done = handleCall(call, { ...world.sessionOptions(undefined), usage: world.usage }).then(
    (result) => (record = result),
    (error: unknown) => (failure = error),
  );
  const over = () => record !== undefined || failure !== undefined;
  await runSteps(world.clock, over, 20_000, options.hangupAtMs);
  call.channel.callerHangup();
  await runSteps(world.clock, over, 20_000, Number.POSITIVE_INFINITY);
  if (failure !== undefined)
    throw failure instanceof Error ? failure : new Error(`the call failed: ${valueText(failure)}`);
  expect(record, 'the call ended once the caller hung up').toBeDefined();
  await done;
  const reasons = CALL_REASONS[record!.outcome] as readonly string[];
  expect(reasons, `outcome ${record!.outcome} with a known reason`).toContain(record!.reason);
  expect(world.resources.holders(), 'what anyone still holds').toEqual({});
  // The rest of the caller's script presses keys on a call that is over: nothing may come of it.
  await runSteps(world.clock, () => false, 1_000, Number.POSITIVE_INFINITY);
  expect(world.clock.pending, 'timers left').toBe(0);
  expect(world.resources.holders(), 'what anyone holds once the script has run out').toEqual({});
  return record!;
}
