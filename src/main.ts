import type { Server } from 'node:http';
import type { Bundle, ReloadResult } from './bundle/index.js';
import { handleCall } from './calls/index.js';
import { parseHostPortSecret, type Settings } from './config/index.js';
import { ownDirectory, policyRoutes, type PolicyConnection, type PolicyServeCredentials } from './directory/index.js';
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
import {
  createMrf,
  createSrf,
  FreeswitchBridge,
  MediaServerConnection,
  SipService,
  type MrfLike,
  type SrfLike,
} from './telephony/index.js';
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

/** A running Foyer: SIP through drachtio-server, media through FreeSWITCH, meetings, health. */
export interface RunningFoyer {
  readonly http: Server;
  readonly metrics: Metrics;
  /** Calls in progress. */
  readonly activeCalls: () => number;
  readonly guard: AbuseGuard;
  /** Refuses new calls (503), waits for calls in progress to end, then stops. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: settings → servers → routes. Never exits for a missing server. */
export async function startFoyer(options: FoyerOptions): Promise<RunningFoyer> {
  const { settings, logger } = options;
  const drachtio = parseHostPortSecret(settings.drachtio, 'FOYER_DRACHTIO');
  const freeswitch = parseHostPortSecret(settings.freeswitch, 'FOYER_FREESWITCH');
  const [listenAddress, listenPort] = settings.fsmrfListen.split(':');
  const srf = options.srf ?? createSrf();
  const media = new MediaServerConnection({
    host: freeswitch.host,
    port: freeswitch.port,
    secret: freeswitch.secret,
    listenAddress: listenAddress || '127.0.0.1',
    ...(listenPort && { listenPort: Number(listenPort) }),
    mrf: options.mrf ?? createMrf(srf),
    logger,
  });
  const operationTimeoutMs = 10_000;
  const resources = options.resources ?? processResources;
  const metrics = options.metrics ?? new Metrics();
  const meetings = new Meetings({
    bridge: new FreeswitchBridge({
      mediaServer: () => media.current,
      promptBase: settings.promptBase,
      logger,
      operationTimeoutMs,
      resources,
    }),
    clock: realClock,
    settings: options.meetingSettings,
    usage: options.usage,
    logger,
    resources,
    operationTimeoutMs,
  });
  const guard = options.guard ?? createGuard(settings, { clock: wallClock, logger, usage: options.usage });
  // Blocks placed by other Foyer processes end here too: look for ended ones now and then.
  guard.startSweeping(30_000);
  const calls = new Set<Promise<unknown>>();
  let draining = false;
  const sip = new SipService({
    srf,
    ...drachtio,
    media,
    logger,
    draining: () => draining,
    guard,
    channel: {
      promptBase: settings.promptBase,
      conferenceProfile: settings.conferenceProfile,
      logger,
      operationTimeoutMs,
      metrics,
      resources,
    },
    onCall: (call) => {
      const done = handleCall(call, {
        bundle: options.bundle(),
        clock: realClock,
        logger,
        usage: options.usage,
        metrics,
        admit: (request) => meetings.admit(request),
        guard,
        resources,
        mediaTimeoutMs: operationTimeoutMs,
        // A policy request that times out must still leave time to fall back to the services file.
        ...(options.policy && { lookupTimeoutMs: Math.max(5_000, settings.policyTimeout + 1_000) }),
      })
        .catch((error: unknown) => logger.error({ err: error, callId: call.callId }, 'call failed'))
        .finally(() => calls.delete(done));
      calls.add(done);
    },
  });
  metrics.watchConferences(() => ({ instances: meetings.count, participants: meetings.participants }));
  // One FreeSWITCH carries every call's media for now; with several, each call's server counts it.
  metrics.watchMediaServers(() => [
    { server: `${freeswitch.host}:${freeswitch.port}`, up: media.state === 'connected', calls: calls.size },
  ]);
  metrics.watchResources(() => resources.totals());
  metrics.watchSipServers(() => [{ server: `${drachtio.host}:${drachtio.port}`, up: sip.state === 'connected' }]);
  const { policy } = options;
  const http = await startHealthServer(
    settings.httpPort,
    settings.httpAddress,
    async () => ({
      // With policy.fallback: reject, a policy server that does not answer refuses every call.
      ok:
        sip.state === 'connected' &&
        media.state === 'connected' &&
        !(policy?.fallback === 'reject' && policy.status().state === 'down'),
      draining,
      drachtio: { state: sip.state, address: `${drachtio.host}:${drachtio.port}` },
      freeswitch: { state: media.state, address: `${freeswitch.host}:${freeswitch.port}` },
      calls: calls.size,
      meetings: { instances: meetings.count, participants: meetings.participants },
      resources: resources.totals(),
      bundle: options.bundleStatus?.() ?? { version: options.bundle().version },
      security: await securityHealth(guard),
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
  );
  media.start();
  sip.start();

  const stop = async () => {
    sip.stop();
    media.stop();
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

/** The abuse store and how many blocks are in force; a store that cannot be read says so (it does not make Foyer unhealthy). */
async function securityHealth(guard: AbuseGuard): Promise<Record<string, unknown>> {
  try {
    return { store: guard.storeKind, blocks: (await guard.blocks()).length };
  } catch (error) {
    return { store: guard.storeKind, blocks: null, error: (error as Error).message };
  }
}

/** `POST /reload` (`foyer reload`): 200 when the new configuration is in use, 422 with its problems when refused. */
export function reloadRoute(reload: (reason: string) => ReloadResult): (body: unknown) => Promise<JsonReply> {
  return async () => {
    const result = reload('POST /reload');
    return { status: result.ok ? 200 : 422, body: result };
  };
}
