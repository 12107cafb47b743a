import { performance } from 'node:perf_hooks';
import { SimulatedCall } from '../src/simulator/index.js';
import { Arrivals, wallClock, type ArrivalPlan } from './arrivals.js';
import { mainThreadCpuMs } from './cpu-time.js';
import { foyerApp } from './foyer-app.js';
import type { IvrEnd, LoadAppFactory, LoadAppSettings, LoadCallEnd } from './load-app.js';
import { LoadCaller } from './load-caller.js';
import { RealLoadClock, VirtualLoadClock, type LoadClock } from './load-clock.js';
import { loopDelayMonitor, loopDelaySummary } from './loop-delay.js';
import type { LoadDirectory } from './load-directory.js';
import { activeResources, liveHeap, MemorySampler } from './memory.js';
import { Probe, summary } from './probe.js';
import { Random } from './random.js';
import { scriptFor, type CallScript, type CallerTiming, type Mix, type ScenarioKind } from './scenarios.js';

export interface LoadSettings extends ArrivalPlan, CallerTiming, LoadAppSettings {
  readonly seed: number;
  /** Real timers scaled by `speed`, or a virtual clock that never waits (`speed` unused). */
  readonly clock: 'real' | 'virtual';
  readonly speed: number;
  readonly mix: Mix;
  /** Seconds (wall clock) between heap and handle samples of a soak; none when undefined. */
  readonly soakSampleS: number | undefined;
  /** Seconds (of the run's clock) to wait for calls still in flight once arrivals stop. */
  readonly drainS: number;
}

export interface SoakSample {
  readonly atS: number;
  readonly heapMB: number;
  readonly handles: number;
  readonly inFlight: number;
}

/** What one run measured: every field of the benchmark's report that concerns Foyer. */
export interface LoadResult {
  readonly started: number;
  readonly completed: number;
  readonly lost: number;
  /** Calls that ended otherwise than their scenario says (a few examples in `mismatches`). */
  readonly unexpected: number;
  readonly mismatches: readonly string[];
  readonly byScenario: Readonly<Record<string, { calls: number; asExpected: number }>>;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly wallS: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** Main-thread busy time (event-loop utilisation, counts waiting for a core too), ms. */
  readonly mainThreadMs: number;
  /** Main-thread CPU time (Linux /proc), ms; undefined elsewhere. */
  readonly mainThreadCpuMs: number | undefined;
  readonly peakInFlight: number;
  readonly peakInIvr: number;
  readonly latency: ReturnType<typeof summary>;
  readonly processing: ReturnType<typeof summary>;
  readonly latencyExcluded: number;
  readonly loopDelay: { p50: number; p99: number; max: number };
  readonly heapStart: number;
  readonly heapPeak: number;
  readonly rssPeak: number;
  /** Live heap (after GC) when arrivals stopped, with the calls in flight then. */
  readonly heapProbe: { heap: number; inFlight: number; inIvr: number } | undefined;
  readonly heapEnd: number;
  readonly handlesStart: number;
  readonly handlesEnd: number;
  readonly timersSet: number;
  readonly timersCleared: number;
  readonly meanCallMs: number;
  readonly events: number;
  readonly commands: number;
  readonly usageRecords: number;
  readonly soak: readonly SoakSample[];
}

const ADMITTED_REASONS = new Set(['caller_hangup', 'guests_only_timeout', 'host_timeout']);

/**
 * Runs the calls of `settings` through an app (Foyer unless told otherwise) and measures them.
 * The same settings make the same callers, keys and timing whatever the app.
 */
export async function runLoad(
  settings: LoadSettings,
  directory: LoadDirectory,
  makeApp: LoadAppFactory = foyerApp,
): Promise<LoadResult> {
  const clock: LoadClock = settings.clock === 'virtual' ? new VirtualLoadClock() : new RealLoadClock(settings.speed);
  const probe = new Probe();
  const random = new Random(settings.seed);
  const app = makeApp(settings, directory, clock);

  const outcomes: Record<string, number> = {};
  const byScenario: Record<string, { calls: number; asExpected: number }> = {};
  const mismatches: string[] = [];
  let unexpected = 0;
  let inIvr = 0;
  let peakInIvr = 0;
  let peakInFlight = 0;
  let callTimeTotal = 0;
  const miss = (script: CallScript, what: string) => {
    unexpected++;
    if (mismatches.length < 5) mismatches.push(`${script.kind}: ${what}`);
  };

  const startCall = (index: number) => {
    const script = scriptFor(random, directory, settings.mix, settings);
    const caller = new LoadCaller(script, clock, probe);
    const call = new SimulatedCall(clock, {
      callId: `bench-${index}`,
      to: script.to,
      from: `sip:caller${index}@bench.example`,
      source: `198.51.100.${index % 250}`,
      script: [],
      hooks: caller,
    });
    const startedAt = performance.now();
    let ivrOk = false;
    inIvr++;
    peakInIvr = Math.max(peakInIvr, inIvr);
    peakInFlight = Math.max(peakInFlight, arrivals.inFlight);
    const ivrEnded = (event: IvrEnd) => {
      inIvr--;
      const want = script.expected.ivr;
      ivrOk = event.outcome === want.outcome && event.reason === want.reason && event.role === want.role;
      if (!ivrOk)
        miss(
          script,
          `IVR ended ${event.outcome}/${event.reason} (${event.role ?? 'no role'}), expected ${want.outcome}/${want.reason} (${want.role ?? 'no role'})`,
        );
      if (event.outcome === 'joined') caller.admitted();
    };
    const finish = (record: LoadCallEnd | undefined) => {
      callTimeTotal += performance.now() - startedAt;
      const kind = (byScenario[script.kind] ??= { calls: 0, asExpected: 0 });
      kind.calls++;
      if (record) {
        const key = `${record.outcome}/${record.reason}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        const finalOk =
          record.admitted === script.expected.admitted &&
          (record.admitted ? ADMITTED_REASONS.has(record.reason) : record.reason === script.expected.ivr.reason);
        if (ivrOk && !finalOk) miss(script, `call ended ${key} admitted=${record.admitted}`);
        if (ivrOk && finalOk) kind.asExpected++;
      }
      arrivals.callFinished();
    };
    app.handle(call, ivrEnded).then(finish, (error: unknown) => {
      miss(script, `the app threw: ${error instanceof Error ? error.message : String(error)}`);
      finish(undefined);
    });
  };
  const arrivals: Arrivals = new Arrivals(settings, startCall, clock.kind === 'virtual' ? clock : wallClock);

  const delay = loopDelayMonitor();
  const handlesStart = activeResources();
  const heapStart = liveHeap();
  const memory = new MemorySampler(() => arrivals.inFlight);
  const soak: SoakSample[] = [];
  let heapProbe: LoadResult['heapProbe'];
  // Latency and loop delay are measured while calls arrive; when arrivals stop, with the most
  // calls in flight, a forced GC measures the live heap per call. It upsets the heap for a while
  // (V8 shrinks its limits and collects more often), so nothing is timed after it.
  const probeTimer = setInterval(() => {
    if (heapProbe !== undefined || arrivals.open) return;
    probe.stop();
    delay.disable();
    heapProbe = { heap: liveHeap(), inFlight: arrivals.inFlight, inIvr };
  }, 20);
  const soakTimer =
    settings.soakSampleS !== undefined
      ? setInterval(() => {
          const heap = liveHeap(probe, delay);
          soak.push({
            atS: Math.round(arrivals.elapsedS),
            heapMB: heap / 1048576,
            handles: activeResources(),
            inFlight: arrivals.inFlight,
          });
        }, settings.soakSampleS * 1000)
      : undefined;

  const cpu = process.cpuUsage();
  const threadCpu = mainThreadCpuMs();
  const elu = performance.eventLoopUtilization();
  const wallStart = performance.now();
  delay.enable();
  memory.start();
  arrivals.begin();
  const drained = () => !arrivals.open && arrivals.inFlight > 0 && arrivals.closedForS > settings.drainS;
  const drainLimit = setInterval(() => {
    if (drained()) arrivals.abandon();
  }, 250);
  let finished = false;
  void arrivals.done.then(() => (finished = true));
  await clock.run(() => finished, drained);
  // A virtual clock stops when nothing is left to fire: calls still in flight then are stuck.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set when arrivals.done settles
  if (!finished && clock.kind === 'virtual') arrivals.abandon();
  await arrivals.done;
  const wallS = (performance.now() - wallStart) / 1000;
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(elu);
  const threadCpuEnd = mainThreadCpuMs();
  memory.stop();
  for (const timer of [probeTimer, soakTimer, drainLimit]) if (timer !== undefined) clearInterval(timer);
  // Let the last calls' loose ends (prompt timers cleared, conference destroyed) settle first.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await app.close();
  const heapEnd = liveHeap();
  const handlesEnd = activeResources();
  return {
    started: arrivals.started,
    completed: arrivals.finished,
    lost: arrivals.started - arrivals.finished,
    unexpected,
    mismatches,
    byScenario,
    outcomes,
    wallS,
    cpuUserMs: used.user / 1000,
    cpuSystemMs: used.system / 1000,
    mainThreadMs: busy.active,
    mainThreadCpuMs: threadCpu !== undefined && threadCpuEnd !== undefined ? threadCpuEnd - threadCpu : undefined,
    peakInFlight,
    peakInIvr,
    latency: summary(probe.latency),
    processing: summary(probe.processing),
    latencyExcluded: probe.excluded,
    loopDelay: loopDelaySummary(delay),
    heapStart,
    heapPeak: memory.peakHeap,
    rssPeak: memory.peakRss,
    heapProbe,
    heapEnd,
    handlesStart,
    handlesEnd,
    timersSet: clock.timersSet,
    timersCleared: clock.timersCleared,
    meanCallMs: arrivals.finished > 0 ? callTimeTotal / arrivals.finished : 0,
    events: probe.events,
    commands: probe.commands,
    usageRecords: app.usageRecords,
    soak,
  };
}

export type { ScenarioKind };
