import type { Bundle } from '../bundle/index.js';
import { CallSession, traceCall, type CallEvent, type Departure, type SessionResult } from '../calls/index.js';
import type { MeetingSettings } from '../meetings/index.js';
import type { Logger, UsageLog } from '../observability/index.js';
import type { Voice } from '../prompts/index.js';
import type { SecurityPolicy } from '../security/index.js';
import type { SimulatedClock } from '../time/index.js';
import { parseKeyScript } from './key-script.js';
import { SimulatedCall } from './simulated-call.js';
import { SimulationWorld } from './world.js';

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
  readonly meetingSettings?: MeetingSettings;
  /** Abuse resistance's rules (the defaults when absent). */
  readonly securityPolicy?: SecurityPolicy;
  /** Where usage records go (simulated times); kept in memory by default. */
  readonly usage?: (now: () => Date) => UsageLog;
  /** Called with each event and its simulated time in ms since the INVITE. */
  readonly onEvent?: (event: CallEvent, atMs: number) => void;
  /** Simulated time after which a call still in the IVR (or, with untilEnd, the meeting) is ended (default a day). */
  readonly limitMs?: number;
  /**
   * Go on after admission until the caller leaves the meeting (or nothing is left to happen, then
   * the caller hangs up): keys still in the script reach the meeting (`*6`, a host's `*7`, `##`).
   */
  readonly untilEnd?: boolean;
}

export interface SimulatedCallResult {
  readonly end: SessionResult;
  readonly events: readonly { readonly atMs: number; readonly event: CallEvent }[];
  readonly call: SimulatedCall;
  readonly clock: SimulatedClock;
  readonly world: SimulationWorld;
}

const DAY_MS = 86_400_000;

/**
 * One call through the real directory, flows, prompts and meeting rules on a simulated channel
 * and clock: no waiting, same behaviour. Ends when the caller is admitted (to the conference or
 * its lobby) or the call ends; with `untilEnd`, when the caller has left the meeting too.
 */
export async function simulateCall(options: SimulateCallOptions): Promise<SimulatedCallResult> {
  const world = new SimulationWorld({
    bundle: options.bundle,
    ...(options.logger && { logger: options.logger }),
    ...(options.voice && { voice: options.voice }),
    ...(options.meetingSettings && { meetingSettings: options.meetingSettings }),
    ...(options.usage && { usage: options.usage }),
    ...(options.securityPolicy && { securityPolicy: options.securityPolicy }),
  });
  const { clock } = world;
  const events: { atMs: number; event: CallEvent }[] = [];
  let endedBySimulation = false;
  const record = (event: CallEvent) => {
    const shown =
      event.type === 'end' && endedBySimulation
        ? { ...event, outcome: 'hangup' as const, reason: 'simulation_end' }
        : event;
    events.push({ atMs: clock.now(), event: shown });
    options.onEvent?.(shown, clock.now());
  };
  const call = new SimulatedCall(clock, {
    callId: 'sim-1',
    to: options.to,
    from: options.from ?? 'sip:caller@example.com',
    source: options.source ?? '192.0.2.1',
    ...(options.userAgent !== undefined && { userAgent: options.userAgent }),
    script: parseKeyScript(options.keys ?? ''),
    resources: world.resources,
  });
  let end: SessionResult | undefined;
  const sessionOptions = world.sessionOptions(record);
  const traced = { ...sessionOptions, observer: traceCall(sessionOptions.logger, call.callId, record) };
  const session = CallSession.run(call, traced).then((result) => (end = result));
  await clock.runWhile(() => end === undefined, options.limitMs ?? DAY_MS);
  if (end === undefined) {
    // Nothing left to happen (or the limit passed) with the caller still in the IVR.
    endedBySimulation = true;
    call.channel.callerHangup();
    await clock.runWhile(() => end === undefined);
  }
  const result = await session;
  if (options.untilEnd && result.departure && !endedBySimulation) {
    const departure = await untilDeparture(result.departure, world, options.limitMs ?? DAY_MS, call);
    const end = departure
      ? {
          ...result,
          outcome: departure.by === 'caller' ? ('hangup' as const) : ('disconnected' as const),
          reason: departure.reason,
        }
      : { ...result, outcome: 'hangup' as const, reason: 'simulation_end' };
    const { outcome, reason, service, via, role } = end;
    record({ type: 'end', outcome, reason, service, via, role });
    return { end, events, call, clock, world };
  }
  const final = endedBySimulation ? { ...result, outcome: 'hangup' as const, reason: 'simulation_end' } : result;
  return { end: final, events, call, clock, world };
}

/**
 * Runs the meeting until the caller leaves it; when nothing is left to happen (or the limit
 * passes) first, the caller hangs up and undefined says the simulation ended the call.
 */
async function untilDeparture(
  departure: Promise<Departure>,
  world: SimulationWorld,
  limitMs: number,
  call: SimulatedCall,
): Promise<Departure | undefined> {
  let left: Departure | undefined;
  void departure.then((value) => (left = value));
  await world.clock.runWhile(() => left === undefined, world.clock.now() + limitMs);
  if (left !== undefined) return left;
  call.channel.callerHangup();
  await world.clock.runWhile(() => left === undefined);
  await departure;
  return undefined;
}
