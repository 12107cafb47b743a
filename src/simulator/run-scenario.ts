import type { Bundle } from '../bundle/index.js';
import { handleCall, type CallEvent, type CallRecord } from '../calls/index.js';
import type { MeetingEvent, MeetingSettings } from '../meetings/index.js';
import type { Logger, UsageLog } from '../observability/index.js';
import type { Voice } from '../prompts/index.js';
import type { BlockKind, BlockReason, SecurityEvent, SecurityPolicy } from '../security/index.js';
import type { TimerHandle } from '../time/index.js';
import type { Scenario } from './scenario.js';
import { SimulatedCall } from './simulated-call.js';
import { SimulationWorld } from './world.js';

/** One line of a scenario transcript: a caller's call event, a meeting event, or a call's end. */
export type ScenarioLine =
  | (Exclude<CallEvent, { type: 'end' | 'pin_attempt' }> & { readonly caller: string })
  | ({ readonly type: 'meeting'; readonly caller: string | null } & Omit<MeetingEvent, 'callId' | 'instance'>)
  | ({ readonly type: 'end'; readonly caller: string } & Pick<
      CallRecord,
      'outcome' | 'reason' | 'admitted' | 'service' | 'via' | 'role'
    >)
  | BlockLine;

/** A block placed (by the caller whose request tipped the count) or ended. */
export type BlockLine =
  | (BlockLineBase & {
      readonly event: 'blocked';
      /** How long the block lasts. */
      readonly seconds: number;
    })
  | (BlockLineBase & {
      readonly event: 'unblocked';
      /** How the block ended. */
      readonly how: 'expired' | 'lifted';
    });

interface BlockLineBase {
  readonly type: 'block';
  readonly caller: string | null;
  readonly kind: BlockKind;
  readonly subject: string;
  readonly reason: BlockReason;
}

export interface RunScenarioOptions {
  readonly bundle: Bundle;
  readonly scenario: Scenario;
  /** Stop at this simulated time (ms); callers still connected end with simulation_end. */
  readonly untilMs?: number;
  readonly voice?: Partial<Voice>;
  readonly logger?: Logger;
  /** Where usage records go, given the simulated wall clock; kept in memory by default. */
  readonly usage?: (now: () => Date) => UsageLog;
  readonly meetingSettings?: MeetingSettings;
  /** Abuse resistance's rules (the defaults when absent). */
  readonly securityPolicy?: SecurityPolicy;
}

export interface ScenarioResult {
  /** Ordered by time, then by the callers' order in the file. */
  readonly lines: readonly { readonly atMs: number; readonly line: ScenarioLine }[];
  readonly records: ReadonlyMap<string, CallRecord>;
  readonly world: SimulationWorld;
}

const DAY_MS = 86_400_000;

/** Runs several scripted callers against one directory and one set of meetings, on one simulated clock. */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioResult> {
  const order = new Map(options.scenario.callers.map((caller, index) => [caller.id, index]));
  const lines: { atMs: number; order: number; seq: number; line: ScenarioLine }[] = [];
  // Observers push lines once the world exists (it is declared below, and built before any call).
  const push = (line: ScenarioLine): void => {
    lines.push({
      atMs: world.clock.now(),
      order: line.caller === null ? -1 : (order.get(line.caller) ?? -1),
      seq: lines.length,
      line,
    });
  };
  const world: SimulationWorld = new SimulationWorld({
    bundle: options.bundle,
    ...(options.logger && { logger: options.logger }),
    ...(options.voice && { voice: options.voice }),
    ...(options.usage && { usage: options.usage }),
    ...(options.meetingSettings && { meetingSettings: options.meetingSettings }),
    meetingObserver: ({ event, service, callId, role }) =>
      push({ type: 'meeting', event, service, caller: callId ?? null, ...(role && { role }) }),
    securityObserver: (event) => push(blockLine(event)),
    targetScript: (callId) => options.scenario.callers.find((caller) => caller.id === callId)?.target,
    ...(options.securityPolicy && { securityPolicy: options.securityPolicy }),
  });
  const { clock } = world;
  const calls = new Map<string, SimulatedCall>();
  const records = new Map<string, CallRecord>();
  const running = new Set<Promise<unknown>>();
  const simulationEnded = new Set<string>();

  const arrivals = new Set<TimerHandle>();
  for (const caller of options.scenario.callers) {
    const arrival = clock.setTimeout(() => {
      arrivals.delete(arrival);
      const call = new SimulatedCall(clock, {
        callId: caller.id,
        to: caller.to,
        from: caller.from,
        source: caller.source,
        script: caller.script,
        resources: world.resources,
        ...(caller.userAgent !== undefined && { userAgent: caller.userAgent }),
        ...(caller.headers && { headers: caller.headers }),
      });
      calls.set(caller.id, call);
      const observer = (event: CallEvent) => {
        if (event.type !== 'end' && event.type !== 'pin_attempt') push({ ...event, caller: caller.id });
      };
      const done = handleCall(call, { ...world.sessionOptions(observer), usage: world.usage }).then((record) => {
        const final = simulationEnded.has(caller.id)
          ? { ...record, outcome: 'hangup' as const, reason: 'simulation_end' }
          : record;
        records.set(caller.id, final);
        push({
          type: 'end',
          caller: caller.id,
          outcome: final.outcome,
          reason: final.reason,
          admitted: final.admitted,
          service: final.service,
          via: final.via,
          role: final.role,
        });
      });
      running.add(done);
      void done.finally(() => running.delete(done));
      if (caller.hangupAtMs !== undefined)
        clock.setTimeout(() => call.channel.callerHangup(), caller.hangupAtMs - caller.atMs);
    }, caller.atMs);
    arrivals.add(arrival);
  }

  const limit = Math.min(options.untilMs ?? DAY_MS, DAY_MS);
  await clock.runWhile(() => true, limit);
  if (clock.pending > 0) {
    // Stopped by the limit: nobody arrives any more, and whoever is still connected ends now.
    await clock.runUntil(limit);
    for (const arrival of arrivals) clock.clearTimeout(arrival);
  }
  for (const [id, call] of calls) {
    if (!records.has(id) && call.channel.endedBy === undefined) {
      simulationEnded.add(id);
      call.channel.callerHangup();
    }
  }
  await clock.runWhile(() => running.size > 0);
  await Promise.all(running);
  lines.sort((a, b) => a.atMs - b.atMs || a.order - b.order || a.seq - b.seq);
  return { lines: lines.map(({ atMs, line }) => ({ atMs, line })), records, world };
}

function blockLine({ event, block, how, callId }: SecurityEvent): BlockLine {
  const what = { kind: block.kind, subject: block.id, reason: block.reason };
  const caller = callId ?? null;
  return event === 'blocked'
    ? { type: 'block', caller, event, ...what, seconds: block.durationMs / 1000 }
    : { type: 'block', caller, event, ...what, how: how ?? 'expired' };
}
