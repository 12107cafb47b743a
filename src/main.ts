import type { Server } from 'node:http';
import type { Bundle, ReloadResult } from './bundle/index.js';
import { handleCall } from './calls/index.js';
import { parseHostPortSecret, type Settings } from './config/index.js';
import { Meetings, type MeetingSettings } from './meetings/index.js';
import { processResources, startHealthServer, type Logger, type Resources, type UsageLog } from './observability/index.js';
import { createMrf, createSrf, FreeswitchBridge, MediaServerConnection, SipService, type MrfLike, type SrfLike } from './telephony/index.js';
import { realClock } from './time/index.js';

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
  /** Library instances (tests pass doubles). */
  readonly srf?: SrfLike;
  readonly mrf?: MrfLike;
  /** Where live calls, channels, endpoints, members and timers are counted; the process's counters by default. */
  readonly resources?: Resources;
}

/** A running Foyer: SIP through drachtio-server, media through FreeSWITCH, meetings, health. */
export interface RunningFoyer {
  readonly http: Server;
  /** Calls in progress. */
  readonly activeCalls: () => number;
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
  const meetings = new Meetings({
    bridge: new FreeswitchBridge({ mediaServer: () => media.current, promptBase: settings.promptBase, logger, operationTimeoutMs, resources }),
    clock: realClock,
    settings: options.meetingSettings,
    usage: options.usage,
    logger,
    resources,
    operationTimeoutMs,
  });
  const calls = new Set<Promise<unknown>>();
  let draining = false;
  const sip = new SipService({
    srf,
    ...drachtio,
    media,
    logger,
    draining: () => draining,
    channel: { promptBase: settings.promptBase, conferenceProfile: settings.conferenceProfile, logger, operationTimeoutMs, resources },
    onCall: (call) => {
      const done = handleCall(call, { bundle: options.bundle(), clock: realClock, logger, usage: options.usage, admit: (request) => meetings.admit(request), resources, mediaTimeoutMs: operationTimeoutMs })
        .catch((error: unknown) => logger.error({ err: error, callId: call.callId }, 'call failed'))
        .finally(() => calls.delete(done));
      calls.add(done);
    },
  });
  const http = await startHealthServer(settings.httpPort, '127.0.0.1', () => ({
    ok: sip.state === 'connected' && media.state === 'connected',
    draining,
    drachtio: { state: sip.state, address: `${drachtio.host}:${drachtio.port}` },
    freeswitch: { state: media.state, address: `${freeswitch.host}:${freeswitch.port}` },
    calls: calls.size,
    meetings: { instances: meetings.count, participants: meetings.participants },
    resources: resources.totals(),
    bundle: options.bundleStatus?.() ?? { version: options.bundle().version },
  }), logger, options.reload ? { reload: () => options.reload!('POST /reload') } : {});
  media.start();
  sip.start();

  const stop = async () => {
    sip.stop();
    media.stop();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await options.usage.close?.();
  };
  return {
    http,
    activeCalls: () => calls.size,
    drain: async () => {
      draining = true;
      logger.info({ event: 'draining', calls: calls.size }, 'draining: new calls get 503; waiting for calls in progress');
      while (calls.size > 0) await Promise.race([...calls]);
      await stop();
    },
    stop,
  };
}
