import { EventEmitter } from 'node:events';
import { createHistogram, performance } from 'node:perf_hooks';
import { Arrivals, type ArrivalPlan } from './arrivals.js';
import { summary } from './probe.js';
import { mainThreadCpuMs } from './cpu-time.js';
import { loopDelayMonitor, loopDelaySummary } from './loop-delay.js';

export interface BaselineSettings extends ArrivalPlan {
  /** Timers that fire per call, each delivering one event. */
  readonly firingPerCall: number;
  /** Timers set and cleared again per call (Foyer clears many: a key cancels a timeout). */
  readonly clearedPerCall: number;
  /** Real ms between a call's events, so a bare call lasts as long as a Foyer call did. */
  readonly stepMs: number;
}

export interface BaselineResult {
  readonly completed: number;
  readonly wallS: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly mainThreadMs: number;
  readonly mainThreadCpuMs: number | undefined;
  /** From when a timer was due to its event's listener running, ms. */
  readonly latency: ReturnType<typeof summary>;
  readonly loopDelay: { p99: number };
}

/**
 * The same calls without Foyer: each call is a chain of bare Node timers, each firing one event
 * on an EventEmitter whose listener sets the next timer, with the same arrivals, concurrency and
 * number of timers as the Foyer run. What this costs on a machine is the floor; Foyer's cost
 * divided by it compares across machines.
 */
export async function runBaseline(settings: BaselineSettings): Promise<BaselineResult> {
  const latency = createHistogram({ lowest: 1, highest: 600_000_000, figures: 3 });
  const clearedPerStep = settings.firingPerCall > 0 ? settings.clearedPerCall / settings.firingPerCall : 0;
  const step = Math.max(1, Math.round(settings.stepMs));
  const startCall = () => {
    const events = new EventEmitter();
    let left = settings.firingPerCall;
    let owedClears = 0;
    const next = () => {
      owedClears += clearedPerStep;
      for (; owedClears >= 1; owedClears--) clearTimeout(setTimeout(next, step));
      const due = performance.now() + step;
      setTimeout(() => events.emit('event', due), step);
    };
    events.on('event', (due: number) => {
      latency.record(Math.max(1, Math.round((performance.now() - due) * 1000)));
      if (--left > 0) {
        next();
        return;
      }
      events.removeAllListeners();
      arrivals.callFinished();
    });
    next();
  };
  const arrivals: Arrivals = new Arrivals(settings, startCall);
  const delay = loopDelayMonitor();
  const cpu = process.cpuUsage();
  const threadCpu = mainThreadCpuMs();
  const elu = performance.eventLoopUtilization();
  const wallStart = performance.now();
  delay.enable();
  arrivals.begin();
  await arrivals.done;
  delay.disable();
  const used = process.cpuUsage(cpu);
  const threadCpuEnd = mainThreadCpuMs();
  return {
    completed: arrivals.finished,
    wallS: (performance.now() - wallStart) / 1000,
    cpuUserMs: used.user / 1000,
    cpuSystemMs: used.system / 1000,
    mainThreadMs: performance.eventLoopUtilization(elu).active,
    mainThreadCpuMs: threadCpu !== undefined && threadCpuEnd !== undefined ? threadCpuEnd - threadCpu : undefined,
    latency: summary(latency),
    loopDelay: { p99: loopDelaySummary(delay).p99 },
  };
}
