import type { IntervalHistogram } from 'node:perf_hooks';
import type { Probe } from './probe.js';

const MB = 1024 * 1024;

/** `global.gc`, when node runs with --expose-gc (`npm run bench` does). */
function gcFunction(): (() => void) | undefined {
  const candidate = (globalThis as { gc?: unknown }).gc;
  return typeof candidate === 'function' ? (candidate as () => void) : undefined;
}

export const canForceGc = (): boolean => gcFunction() !== undefined;

/**
 * Live heap after a full garbage collection, in bytes. The pause it causes is the benchmark's own:
 * the event-loop delay monitor is off meanwhile, and latency samples across it are left out.
 * Without --expose-gc it is the heap as it stands (garbage included), an upper bound.
 */
export function liveHeap(probe?: Probe, delay?: IntervalHistogram): number {
  const gc = gcFunction();
  if (!gc) return process.memoryUsage().heapUsed;
  const from = performance.now();
  delay?.disable();
  gc();
  const heap = process.memoryUsage().heapUsed;
  delay?.enable();
  probe?.paused(from, performance.now());
  return heap;
}

/** Handles and requests keeping the event loop alive (timers, sockets), by count. */
export function activeResources(): number {
  return process.getActiveResourcesInfo().length;
}

/** Peak heap and RSS, sampled a few times a second. */
export class MemorySampler {
  peakHeap = 0;
  peakRss = 0;
  /** Calls in flight when the heap peaked. */
  inFlightAtPeak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly inFlight: () => number) {}

  start(intervalMs = 250): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const usage = process.memoryUsage();
    if (usage.heapUsed > this.peakHeap) {
      this.peakHeap = usage.heapUsed;
      this.inFlightAtPeak = this.inFlight();
    }
    this.peakRss = Math.max(this.peakRss, usage.rss);
  }
}

export const toMB = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;
