import { noUsageLog, type Metrics, type UsageLog } from '../observability/index.js';
import { CallMetrics } from './call-metrics.js';
import type { CallEvent } from './call-events.js';
import type { InboundCall } from './channel.js';
import type { Role, Service } from '../directory/index.js';
import { CallSession, type SessionOptions } from './session.js';
import { CallProtection } from './call-protection.js';
import { traceCall } from './call-trace.js';

export interface CallHandlerOptions extends SessionOptions {
  readonly usage?: UsageLog;
  /** Where the call's figures go (Prometheus); none by default. */
  readonly metrics?: Metrics;
}

/** How a call ended, from INVITE to the caller leaving: the usage log's `call_ended` record. */
export interface CallRecord {
  readonly callId: string;
  readonly caller: string;
  /** Who the call counts against (abuse resistance): the packet address, or whom a trusted proxy names. */
  readonly source: string;
  /** The packet address, when it differs from `source` (a trusted proxy's). */
  readonly peer?: string;
  /**
   * `hangup` when the caller left, `disconnected` when Foyer ended it, `rejected` when never
   * answered, `transferred` when a room hosted elsewhere took the caller (bridged: the record is
   * written when the bridged call ends).
   */
  readonly outcome: 'hangup' | 'disconnected' | 'rejected' | 'transferred';
  readonly reason: string;
  /** Whether the caller got past the IVR into the room or its lobby. */
  readonly admitted: boolean;
  readonly service: string | null;
  readonly serviceTag: string | null;
  readonly via: string | null;
  readonly role: Role | null;
  readonly durationMs: number;
}

/** Services by name, per list (a directory hands out the same list until it changes). */
const byName = new WeakMap<readonly Service[], ReadonlyMap<string, Service>>();

function serviceNamed(services: readonly Service[], name: string): Service | undefined {
  let index = byName.get(services);
  if (!index) byName.set(services, (index = new Map(services.map((service) => [service.name, service]))));
  return index.get(name);
}

/**
 * A call from arrival to departure: the IVR session, then the meeting, then one `call_ended`
 * usage record. PIN attempts go to the usage log as they happen (never the digits).
 */
export async function handleCall(call: InboundCall, options: CallHandlerOptions): Promise<CallRecord> {
  const usage = options.usage ?? noUsageLog;
  const started = options.clock.now();
  const source = CallProtection.sourceOf(options.guard, call);
  const peer = source.viaProxy ? { peer: source.address } : {};
  const tracker = options.metrics ? new CallMetrics(options.metrics, options.clock) : undefined;
  const observer = traceCall(options.logger, call.callId, (event: CallEvent) => {
    tracker?.observe(event);
    if (event.type === 'pin_attempt') {
      usage.write({
        type: 'pin_attempt',
        call_id: call.callId,
        service: event.service,
        result: event.good ? 'good' : 'bad',
        empty: event.empty,
        ...(event.blocked && { blocked: true }),
        source: source.id,
        ...peer,
      });
    }
    if (event.type === 'transfer') {
      const { type: _type, ...transfer } = event;
      usage.write({ type: 'transfer', call_id: call.callId, ...transfer, source: source.id, ...peer });
    }
    options.observer?.(event);
  });
  const result = await CallSession.run(call, { ...options, observer });
  let outcome: CallRecord['outcome'];
  let reason = result.reason;
  if (result.outcome === 'joined') {
    // The session gives every joined call a departure; without one this call's record would be a guess.
    if (!result.departure) throw new Error(`call ${call.callId} joined without a departure`);
    const departure = await result.departure;
    outcome = departure.by === 'caller' ? 'hangup' : 'disconnected';
    reason = departure.reason;
  } else {
    // A bridged call lasts until either side hangs up: its record waits for that.
    if (result.outcome === 'transferred') await result.departure;
    outcome = result.outcome;
  }
  const service =
    result.service !== null ? serviceNamed(options.bundle.directory.services(), result.service) : undefined;
  const serviceTag = service?.serviceTag ?? null;
  const record: CallRecord = {
    callId: call.callId,
    caller: call.from,
    source: source.id,
    ...peer,
    outcome,
    reason,
    admitted: result.outcome === 'joined',
    service: result.service,
    serviceTag,
    via: result.via,
    role: result.role,
    durationMs: options.clock.now() - started,
  };
  usage.write({
    type: 'call_ended',
    call_id: record.callId,
    caller: record.caller,
    source: record.source,
    ...peer,
    outcome: record.outcome,
    reason: record.reason,
    admitted: record.admitted,
    service: record.service,
    service_tag: record.serviceTag,
    via: record.via,
    role: record.role,
    duration_s: Math.round(record.durationMs) / 1000,
  });
  tracker?.ended(record.outcome, record.reason, service?.type ?? null);
  return record;
}
