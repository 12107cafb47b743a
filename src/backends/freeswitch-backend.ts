import { parseHostPortSecret } from '../config/index.js';
import {
  createMrf,
  createSrf,
  FreeswitchBridge,
  FreeswitchTransfer,
  SipService,
  type PoolMemberStatus,
} from '../telephony/index.js';
import { realClock } from '../time/index.js';
import type { Backend, BackendContext } from './backend.js';
import { FREESWITCH_TRANSFERS, refuseTargets } from './hosted-elsewhere.js';
import { mediaPlacer, mediaServerPool } from './media-placement.js';

/** SIP through drachtio-server, media through a pool of FreeSWITCH servers (often one). */
export function freeswitchBackend(context: BackendContext): Backend {
  const { options, resources, metrics, guard, operationTimeoutMs } = context;
  const { settings, logger } = options;
  refuseTargets(options.bundle().directory.services(), 'FreeSWITCH', FREESWITCH_TRANSFERS);
  const drachtio = parseHostPortSecret(settings.drachtio, 'FOYER_DRACHTIO');
  const srf = options.srf ?? createSrf();
  const pool = mediaServerPool(settings, options.mrf ?? createMrf(srf), logger);
  const bridge = new FreeswitchBridge({
    // Used only for a conference none of whose members says where it is.
    mediaServer: () => pool.members.find((member) => member.node.current)?.node.current,
    promptBase: settings.promptBase,
    logger,
    operationTimeoutMs,
    resources,
    // Callers are moved to the server hosting their conference when it is in their location.
    placeOf: (server) => pool.memberOf(server),
    moves: metrics.mediaMoves,
    moved: (callId, to) => pool.moved(callId, to),
  });
  const sip = new SipService({
    srf,
    ...drachtio,
    media: mediaPlacer({ settings, pool, bridge, directory: () => options.bundle().directory, logger }),
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
  const servers = () => pool.status((server) => bridge.conferencesOn(server));
  metrics.watchMediaServers(() =>
    servers().map((server) => ({
      server: server.address,
      location: server.location,
      up: server.up,
      calls: server.calls,
      conferences: server.conferences,
    })),
  );
  metrics.watchSipServers(() => [{ server: `${drachtio.host}:${drachtio.port}`, up: sip.state === 'connected' }]);
  return {
    bridge,
    transfer: new FreeswitchTransfer(realClock, logger),
    ok: () => sip.state === 'connected' && pool.usable,
    health: () => ({
      drachtio: { state: sip.state, address: `${drachtio.host}:${drachtio.port}` },
      freeswitch: freeswitchHealth(servers()),
    }),
    start: () => {
      pool.start();
      sip.start();
    },
    stop: () => {
      sip.stop();
      pool.stop();
      return Promise.resolve();
    },
  };
}

/**
 * One server: its state and address as always, with its location, calls and conferences. Several:
 * `connected` when every one takes calls, `partial` when some do, `lost` when none does, and each.
 */
function freeswitchHealth(servers: readonly PoolMemberStatus[]): Record<string, unknown> {
  const shown = servers.map((server) => ({
    state: server.state,
    address: server.address,
    location: server.location,
    calls: server.calls,
    ...(server.capacity !== undefined && { capacity: server.capacity }),
    conferences: server.conferences,
    ...(server.problems.length > 0 && { problems: server.problems }),
  }));
  const [only, ...others] = shown;
  if (only && others.length === 0) return only;
  const up = servers.filter((server) => server.up).length;
  return { state: up === servers.length ? 'connected' : up > 0 ? 'partial' : 'lost', servers: shown };
}
