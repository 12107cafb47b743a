import type { Bundle } from '../bundle/index.js';
import { CallSession, type CallEnd, type CallEvent } from '../calls/index.js';
import { silentLogger, type Logger } from '../observability/index.js';
import type { Voice } from '../prompts/index.js';
import { SimulatedClock } from '../time/index.js';
import { parseKeyScript } from './key-script.js';
import { SimulatedCall } from './simulated-call.js';

export interface SimulateCallOptions {
  readonly bundle: Bundle;
  readonly to: string;
  readonly from?: string;
  readonly source?: string;
  readonly userAgent?: string;
  /** Key script (see parseKeyScript); the caller is silent after it. */
  readonly keys?: string;
  readonly voice?: Partial<Voice>;
  readonly logger?: Logger;
  /** Called with each event and its simulated time in ms since the INVITE. */
  readonly onEvent?: (event: CallEvent, atMs: number) => void;
  /** Simulated time after which a call still in the IVR is ended (default a day). */
  readonly limitMs?: number;
}

export interface SimulatedCallResult {
  readonly end: CallEnd;
  readonly events: readonly { readonly atMs: number; readonly event: CallEvent }[];
  readonly call: SimulatedCall;
  readonly clock: SimulatedClock;
}

const DAY_MS = 86_400_000;

/**
 * One call through the real directory, flows and prompts on a simulated channel and clock: no
 * waiting, same behaviour. Ends when the caller is admitted or the call ends.
 */
export async function simulateCall(options: SimulateCallOptions): Promise<SimulatedCallResult> {
  const clock = new SimulatedClock();
  const events: { atMs: number; event: CallEvent }[] = [];
  const record = (event: CallEvent) => {
    events.push({ atMs: clock.now(), event });
    options.onEvent?.(event, clock.now());
  };
  const call = new SimulatedCall(clock, {
    callId: 'sim-1',
    to: options.to,
    from: options.from ?? 'sip:caller@example.com',
    source: options.source ?? '192.0.2.1',
    ...(options.userAgent !== undefined && { userAgent: options.userAgent }),
    script: parseKeyScript(options.keys ?? ''),
  });
  let end: CallEnd | undefined;
  let endedBySimulation = false;
  const observer = (event: CallEvent) => {
    if (event.type === 'end' && endedBySimulation) return record({ ...event, outcome: 'hangup', reason: 'simulation_end' });
    record(event);
  };
  const session = CallSession.run(call, {
    bundle: options.bundle,
    clock,
    logger: options.logger ?? silentLogger,
    observer,
    ...(options.voice && { voice: options.voice }),
  }).then((result) => (end = result));
  await clock.runWhile(() => end === undefined, options.limitMs ?? DAY_MS);
  if (end === undefined) {
    // Nothing left to happen (or the limit passed) with the caller still in the IVR.
    endedBySimulation = true;
    call.channel.callerHangup();
    await clock.runWhile(() => end === undefined);
  }
  await session;
  const final = endedBySimulation ? { ...end!, outcome: 'hangup' as const, reason: 'simulation_end' } : end!;
  return { end: final, events, call, clock };
}
