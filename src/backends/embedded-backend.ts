import { EmbeddedTelephony, parseSipAddress } from '../embedded/index.js';
import { describeSocketError } from '../telephony/index.js';
import { realClock } from '../time/index.js';
import type { Backend, BackendContext } from './backend.js';
import { refuseTargets } from './hosted-elsewhere.js';

/** SIP and RTP in this process: no drachtio-server, no FreeSWITCH. */
export async function embeddedBackend(context: BackendContext): Promise<Backend> {
  const { options, resources, metrics, guard } = context;
  const { settings, logger } = options;
  refuseTargets(options.bundle().directory.services(), 'embedded');
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
      onCall: (call) => void context.onCall(call),
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
