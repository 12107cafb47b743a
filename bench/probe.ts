import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** Something an event was delivered to, waiting to see whether it causes a command. */
export interface Pending {
  /** When the event that is waiting for its command was due (performance.now() ms). */
  pendingFrom: number | undefined;
  /** When it was actually delivered. */
  pendingDelivered: number | undefined;
}

/**
 * Measures how long Foyer takes to answer an event (a key, the end of a playback) with the
 * command it causes (play, stop, join, hang up). The clock starts when the event was due, so a
 * busy event loop that delivers it late counts; an event that has caused nothing by the next
 * turn of the event loop, or before the call's next event, caused nothing (a key in the middle of
 * an entry).
 */
export class Probe {
  /** From when the event was due to the command, in microseconds. */
  readonly latency: RecordableHistogram = createHistogram({ lowest: 1, highest: 600_000_000, figures: 3 });
  /** From when the event was delivered to the command (Foyer's own work), in microseconds. */
  readonly processing: RecordableHistogram = createHistogram({ lowest: 1, highest: 600_000_000, figures: 3 });
  events = 0;
  commands = 0;
  /** Samples dropped because a forced garbage collection fell between event and command. */
  excluded = 0;
  private readonly waiting = new Set<Pending>();
  private sweepScheduled = false;
  private readonly pauses: { from: number; to: number }[] = [];
  private stopped = false;

  delivered(target: Pending, due: number): void {
    this.events++;
    const now = performance.now();
    // An earlier event still pending has caused nothing: promise continuations run between timer
    // callbacks, so whatever it caused has happened. This one is the cause of the next command.
    // A timer may fire a little before its due time (libuv's cached loop time): count from delivery then.
    target.pendingFrom = Math.min(due, now);
    target.pendingDelivered = now;
    this.waiting.add(target);
    if (!this.sweepScheduled) {
      this.sweepScheduled = true;
      setImmediate(() => this.sweep());
    }
  }

  command(target: Pending): void {
    this.commands++;
    const from = target.pendingFrom;
    if (from === undefined) return;
    const now = performance.now();
    const delivered = target.pendingDelivered ?? from;
    target.pendingFrom = undefined;
    target.pendingDelivered = undefined;
    this.waiting.delete(target);
    if (this.stopped) return;
    if (this.pauses.some((pause) => from <= pause.to && now >= pause.from)) {
      this.excluded++;
      return;
    }
    this.latency.record(Math.max(1, Math.round((now - from) * 1000)));
    this.processing.record(Math.max(1, Math.round((now - delivered) * 1000)));
  }

  /** Ends the measurement: later commands are not timed. */
  stop(): void {
    this.stopped = true;
  }

  /** A pause the benchmark made itself (a forced GC for the heap figure): samples across it are left out. */
  paused(from: number, to: number): void {
    this.pauses.push({ from, to });
  }

  private sweep(): void {
    this.sweepScheduled = false;
    for (const target of this.waiting) {
      target.pendingFrom = undefined;
      target.pendingDelivered = undefined;
    }
    this.waiting.clear();
  }
}

/** Percentiles of a histogram of microseconds, in milliseconds. */
export function summary(histogram: RecordableHistogram): { count: number; p50: number; p99: number; max: number } {
  const ms = (us: number) => Math.round(us) / 1000;
  if (histogram.count === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  return {
    count: histogram.count,
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
  };
}
