import type { Server } from 'node:http';
import type { Bundle, ReloadResult } from './bundle/index.js';
import { handleCall, type CallTransfer, type InboundCall } from './calls/index.js';
import { embeddedBackend, freeswitchBackend, type BackendContext } from './backends/index.js';
import type { Settings } from './config/index.js';
import { ownDirectory, policyRoutes, type PolicyConnection, type PolicyServeCredentials } from './directory/index.js';
import type { EmbeddedTelephony } from './embedded/index.js';
import { Meetings, type MeetingSettings } from './meetings/index.js';
import {
  Metrics,
  processResources,
  startHealthServer,
  type JsonReply,
  type Logger,
  type Resources,
  type UsageLog,
} from './observability/index.js';
import { blockRoutes, createGuard, type AbuseGuard } from './security/index.js';
import type { MrfLike, SrfLike } from './telephony/index.js';
import { realClock, wallClock } from './time/index.js';

export interface FoyerOptions {
  readonly settings: Settings;
  /** What a new call starts with (a call keeps it to its end, whatever is reloaded meanwhile). */
  readonly bundle: () => Bundle;
  /** Loads the configuration again (`POST /reload`, `foyer reload`); without it there is no /reload. */
  readonly reload?: (reason: string) => ReloadResult;
  /** The configuration's version and last reload, for /health. */
  readonly bundleStatus?: () => Record<string, unknown>;
  readonly meetingSettings: MeetingSettings;
  readonly logger: Logger;
  readonly usage: UsageLog;
  /** Prometheus series served at /metrics; a new registry by default. */
  readonly metrics?: Metrics;
  /** Library instances (tests pass doubles). */
  readonly srf?: SrfLike;
  readonly mrf?: MrfLike;
  /** Where live calls, channels, endpoints, members and timers are counted; the process's counters by default. */
  readonly resources?: Resources;
  /** Abuse resistance (tests pass their own); made from the settings otherwise. */
  readonly guard?: AbuseGuard;
  /** The external policy server the bundles ask (`policy.url`): shown in /health, closed on stop. */
  readonly policy?: PolicyConnection;
  /** Who may read PINs from the served policy API (`policy.serve`). */
  readonly policyServeCredentials?: PolicyServeCredentials;
}

/** A running Foyer: SIP and media (embedded, or drachtio-server and FreeSWITCH), meetings, health. */
export interface RunningFoyer {
  readonly http: Server;
  readonly metrics: Metrics;
  /** Calls in progress. */
  readonly activeCalls: () => number;
  /** Which telephony answers calls. */
  readonly telephony: 'embedded' | 'freeswitch';
  /** The embedded endpoint, when it is the one. */
  readonly embedded?: EmbeddedTelephony;
  readonly guard: AbuseGuard;
  /** Refuses new calls (503), waits for calls in progress to end, then stops. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: settings → servers → routes. Never exits for a missing server. */
export async function startFoyer(options: FoyerOptions): Promise<RunningFoyer> {
  const { settings, logger } = options;
  const telephony = telephonyOf(settings);
  const operationTimeoutMs = 10_000;
  const resources = options.resources ?? processResources;
  const metrics = options.metrics ?? new Metrics();
  const guard = options.guard ?? createGuard(settings, { clock: wallClock, logger, usage: options.usage });
  const calls = new Set<Promise<unknown>>();
  let draining = false;
  // The meetings need the back-end's bridge, the back-end the call handler: calls arrive only once both exist.
  const late: { meetings?: Meetings; transfer?: CallTransfer } = {};
  const onCall = (call: InboundCall) => {
    const done = handleCall(call, {
      bundle: options.bundle(),
      clock: realClock,
      logger,
      usage: options.usage,
      metrics,
      admit: (request) => {
        if (!late.meetings) throw new Error('a call arrived before the meetings were ready');
        return late.meetings.admit(request);
      },
      guard,
      resources,
      ...(late.transfer && { transfer: late.transfer }),
      mediaTimeoutMs: operationTimeoutMs,
      // A policy request that times out must still leave time to fall back to the services file.
      ...(options.policy && { lookupTimeoutMs: Math.max(5_000, settings.policyTimeout + 1_000) }),
    })
      .catch((error: unknown) => logger.error({ err: error, callId: call.callId }, 'call failed'))
      .finally(() => calls.delete(done));
    calls.add(done);
    return done;
  };
  const context: BackendContext = {
    options,
    resources,
    metrics,
    guard,
    operationTimeoutMs,
    onCall,
    draining: () => draining,
    calls: () => calls.size,
  };
  const backend = telephony === 'embedded' ? await embeddedBackend(context) : freeswitchBackend(context);
  const meetings = new Meetings({
    bridge: backend.bridge,
    clock: realClock,
    settings: options.meetingSettings,
    meetingFlow: (room) => options.bundle().flows.meetingFlowFor(room),
    roomFlow: (room) => options.bundle().flows.roomFlowFor(room),
    usage: options.usage,
    logger,
    resources,
    operationTimeoutMs,
  });
  late.meetings = meetings;
  if (backend.transfer) late.transfer = backend.transfer;
  metrics.watchConferences(() => ({ instances: meetings.count, participants: meetings.participants }));
  metrics.watchResources(() => resources.totals());
  metrics.watchUsageLog(() => options.usage.failedWrites ?? 0);
  const { policy } = options;
  const http = await startHealthServer(
    settings.httpPort,
    settings.httpAddress,
    async () => ({
      // With policy.fallback: reject, a policy server that does not answer refuses every call.
      ok: backend.ok() && !(policy?.fallback === 'reject' && policy.status().state === 'down'),
      draining,
      telephony,
      ...backend.health(),
      calls: calls.size,
      meetings: { instances: meetings.count, participants: meetings.participants },
      resources: resources.totals(),
      bundle: options.bundleStatus?.() ?? { version: options.bundle().version },
      security: await securityHealth(guard),
      usage_log: { failed_writes: options.usage.failedWrites ?? 0 },
      ...(policy && { policy: policy.status() }),
    }),
    logger,
    {
      ...blockRoutes(guard, () => wallClock.now()),
      ...(options.reload && { 'POST /reload': reloadRoute(options.reload) }),
      ...(settings.policyServe &&
        policyRoutes(() => ownDirectory(options.bundle().directory), options.policyServeCredentials)),
    },
    metrics,
  ).catch(async (error: unknown) => {
    // Nothing has started yet: release what was made, so the process can exit with the error.
    await backend.stop();
    await guard.close();
    await policy?.close();
    metrics.close();
    throw error;
  });
  // Blocks placed by other Foyer processes end here too: look for ended ones now and then.
  guard.startSweeping(30_000);
  backend.start();

  const stop = async () => {
    await backend.stop();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await guard.close();
    await policy?.close();
    metrics.close();
    await options.usage.close?.();
  };
  return {
    http,
    metrics,
    activeCalls: () => calls.size,
    guard,
    telephony,
    ...(backend.embedded && { embedded: backend.embedded }),
    drain: async () => {
      draining = true;
      logger.info(
        { event: 'draining', calls: calls.size },
        'draining: new calls get 503; waiting for calls in progress',
      );
      while (calls.size > 0) await Promise.race([...calls]);
      await stop();
    },
    stop,
  };
}

/** `embedded` or `freeswitch`, from the `telephony` setting (`auto` is embedded: nothing else was configured). */
export function telephonyOf(settings: Settings): 'embedded' | 'freeswitch' {
  const value = settings.telephony;
  if (value === 'embedded' || value === 'freeswitch') return value;
  if (value === 'auto' || value === '') return 'embedded';
  throw new Error(`FOYER_TELEPHONY: "${value}" must be embedded, freeswitch or auto`);
}

/** The abuse store and how many blocks are in force; a store that cannot be read says so (it does not make Foyer unhealthy). */
async function securityHealth(guard: AbuseGuard): Promise<Record<string, unknown>> {
  try {
    return { store: guard.storeKind, blocks: (await guard.blocks()).length };
  } catch (error) {
    return { store: guard.storeKind, blocks: null, error: (error as Error).message };
  }
}

/** `POST /reload` (`foyer reload`): 200 when the new configuration is in use, 422 with its problems when refused. */
export function reloadRoute(reload: (reason: string) => ReloadResult): (body: unknown) => JsonReply {
  return () => {
    const result = reload('POST /reload');
    return { status: result.ok ? 200 : 422, body: result };
  };
}
