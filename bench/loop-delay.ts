import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** How often the event-loop delay monitor samples, ms. */
const RESOLUTION_MS = 10;

export function loopDelayMonitor(): IntervalHistogram {
  return monitorEventLoopDelay({ resolution: RESOLUTION_MS });
}

/**
 * The monitor records whole sampling intervals (10.1 ms on an idle loop); the delay is what
 * exceeds the resolution. In milliseconds.
 */
export function loopDelaySummary(histogram: IntervalHistogram): { p50: number; p99: number; max: number } {
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1000 - RESOLUTION_MS * 1000) / 1000);
  return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
}
