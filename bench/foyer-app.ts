import { Writable } from 'node:stream';
import { handleCall } from '../src/calls/index.js';
import { Meetings, DEFAULT_MEETING_SETTINGS } from '../src/meetings/index.js';
import { createLogger, Metrics, type UsageLog, type UsageRecord } from '../src/observability/index.js';
import { SimulatedBridge } from '../src/simulator/index.js';
import type { LoadAppFactory } from './load-app.js';

/** Counts usage records and serialises them as production would, then drops them. */
class CountingUsageLog implements UsageLog {
  records = 0;
  bytes = 0;
  write(record: UsageRecord): void {
    this.records++;
    this.bytes += JSON.stringify(record).length;
  }
}

/**
 * Foyer as `foyer start` runs it: the call handler with its session, flows, directory, prompts
 * and meeting rules, logging (to a sink that drops it), usage records and metrics; the
 * conferences are the simulator's.
 */
export const foyerApp: LoadAppFactory = (settings, directory, clock) => {
  const usage = new CountingUsageLog();
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: settings.logLevel, destination: sink });
  const bridge = new SimulatedBridge();
  const meetings = new Meetings({ bridge, clock, usage, logger, settings: DEFAULT_MEETING_SETTINGS });
  const metrics = settings.metrics ? new Metrics() : undefined;
  metrics?.watchConferences(() => ({ instances: meetings.count, participants: meetings.participants }));
  const options = {
    bundle: directory.bundle,
    clock,
    logger,
    usage,
    admit: meetings.admit.bind(meetings),
    ...(metrics && { metrics }),
  };
  return {
    get usageRecords() {
      return usage.records;
    },
    handle: (call, ivrEnded) =>
      handleCall(call, {
        ...options,
        observer: (event) => {
          if (event.type === 'end') ivrEnded(event);
        },
      }),
    close: async () => {
      // A scrape, as Prometheus would make; it must work after a run.
      if (metrics) await metrics.text();
      metrics?.close();
    },
  };
};
