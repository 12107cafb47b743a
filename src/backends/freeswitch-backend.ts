import { parseHostPortSecret } from '../config/index.js';
import { createMrf, createSrf, FreeswitchBridge, MediaServerConnection, SipService } from '../telephony/index.js';
import type { Backend, BackendContext } from './backend.js';

/** SIP through drachtio-server, media through FreeSWITCH. */
export function freeswitchBackend(context: BackendContext): Backend {
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
    conferenceProfile: settings.conferenceProfile,
    checks: settings.freeswitchChecks === 'warn' ? 'warn' : 'enforce',
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
    { server: `${freeswitch.host}:${freeswitch.port}`, up: media.current !== undefined, calls: context.calls() },
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
    ok: () => sip.state === 'connected' && media.current !== undefined,
    health: () => ({
      drachtio: { state: sip.state, address: `${drachtio.host}:${drachtio.port}` },
      freeswitch: {
        state: media.state,
        address: `${freeswitch.host}:${freeswitch.port}`,
        ...(media.problems.length > 0 && { problems: media.problems }),
      },
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
