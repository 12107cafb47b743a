import type { Server } from 'node:http';
import type { Bundle, ReloadResult } from './bundle/index.js';
import { handleCall, type InboundCall } from './calls/index.js';
import { EmbeddedTelephony, parseSipAddress } from './embedded/index.js';
import { parseHostPortSecret, type Settings } from './config/index.js';
import { Meetings, type ConferenceBridge, type MeetingSettings } from './meetings/index.js';
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
import { describeSocketError } from './telephony/port-probe.js';
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
  const late: { meetings?: Meetings } = {};
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
      mediaTimeoutMs: operationTimeoutMs,
    })
      .catch((error: unknown) => logger.error({ err: error, callId: call.callId }, 'call failed'))
      .finally(() => calls.delete(done));
    calls.add(done);
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
    usage: options.usage,
    logger,
    resources,
    operationTimeoutMs,
  });
  late.meetings = meetings;
  // Blocks placed by other Foyer processes end here too: look for ended ones now and then.
  guard.startSweeping(30_000);
  metrics.watchConferences(() => ({ instances: meetings.count, participants: meetings.participants }));
  metrics.watchResources(() => resources.totals());
  const http = await startHealthServer(
    settings.httpPort,
    '127.0.0.1',
    async () => ({
      ok: backend.ok(),
      draining,
      telephony,
      ...backend.health(),
      calls: calls.size,
      meetings: { instances: meetings.count, participants: meetings.participants },
      resources: resources.totals(),
      bundle: options.bundleStatus?.() ?? { version: options.bundle().version },
      security: await securityHealth(guard),
    }),
    logger,
    {
      ...blockRoutes(guard, () => wallClock.now()),
      ...(options.reload && { 'POST /reload': reloadRoute(options.reload) }),
    },
    metrics,
  );
  backend.start();

  const stop = async () => {
    await backend.stop();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await guard.close();
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

interface BackendContext {
  readonly options: FoyerOptions;
  readonly resources: Resources;
  readonly metrics: Metrics;
  readonly guard: AbuseGuard;
  readonly operationTimeoutMs: number;
  readonly onCall: (call: InboundCall) => void;
  readonly draining: () => boolean;
  readonly calls: () => number;
}

/** What a telephony back-end gives the rest of Foyer. */
interface Backend {
  readonly bridge: ConferenceBridge;
  readonly embedded?: EmbeddedTelephony;
  ok(): boolean;
  health(): Record<string, unknown>;
  start(): void;
  stop(): Promise<void>;
}

/** SIP through drachtio-server, media through FreeSWITCH. */
function freeswitchBackend(context: BackendContext): Backend {
  const { options, resources, metrics, guard, operationTimeoutMs } = context;
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
  const sip = new SipService({
    srf,
    ...drachtio,
    media,
    logger,
    draining: context.draining,
    guard,
    channel: {
      promptBase: settings.promptBase,
      conferenceProfile: settings.conferenceProfile,
      logger,
      operationTimeoutMs,
      metrics,
      resources,
    },
    onCall: context.onCall,
  });
  // One FreeSWITCH carries every call's media for now; with several, each call's server counts it.
  metrics.watchMediaServers(() => [
    { server: `${freeswitch.host}:${freeswitch.port}`, up: media.state === 'connected', calls: context.calls() },
  ]);
  metrics.watchSipServers(() => [{ server: `${drachtio.host}:${drachtio.port}`, up: sip.state === 'connected' }]);
  return {
    bridge: new FreeswitchBridge({
      mediaServer: () => media.current,
      promptBase: settings.promptBase,
      logger,
      operationTimeoutMs,
      resources,
    }),
    ok: () => sip.state === 'connected' && media.state === 'connected',
    health: () => ({
      drachtio: { state: sip.state, address: `${drachtio.host}:${drachtio.port}` },
      freeswitch: { state: media.state, address: `${freeswitch.host}:${freeswitch.port}` },
    }),
    start: () => {
      media.start();
      sip.start();
    },
    stop: () => {
      sip.stop();
      media.stop();
      return Promise.resolve();
    },
  };
}

/** SIP and RTP in this process: no drachtio-server, no FreeSWITCH. */
async function embeddedBackend(context: BackendContext): Promise<Backend> {
  const { options, resources, metrics, guard } = context;
  const { settings, logger } = options;
  const { host, port } = parseSipAddress(settings.sip, 'FOYER_SIP');
  let embedded: EmbeddedTelephony;
  try {
    embedded = await EmbeddedTelephony.start({
      host,
      port,
      promptsDir: settings.promptsDir,
      clock: realClock,
      logger,
      resources,
      metrics,
      guard,
      draining: context.draining,
      onCall: context.onCall,
    });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code
      ? describeSocketError(error as NodeJS.ErrnoException)
      : (error as Error).message;
    throw new Error(
      `cannot answer SIP on ${host}:${port}: ${reason} (choose another with --sip HOST:PORT or FOYER_SIP)`,
    );
  }
  const address = `${embedded.address.host}:${embedded.address.port}`;
  logger.info(
    {
      event: 'telephony',
      telephony: 'embedded',
      sip: address,
      chosen: settings.telephony === 'auto' ? 'default' : 'configured',
    },
    settings.telephony === 'auto'
      ? `no drachtio-server or FreeSWITCH configured: answering SIP myself on ${address} (UDP and TCP; embedded telephony)`
      : `embedded telephony: answering SIP on ${address} (UDP and TCP)`,
  );
  metrics.watchSipServers(() => [{ server: address, up: true }]);
  metrics.watchMediaServers(() => [{ server: `embedded:${address}`, up: true, calls: context.calls() }]);
  return {
    bridge: embedded.bridge,
    embedded,
    ok: () => true,
    health: () => ({ sip: { state: 'listening', address } }),
    start: () => undefined,
    stop: () => embedded.stop(),
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
