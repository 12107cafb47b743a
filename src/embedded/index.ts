import { networkInterfaces } from 'node:os';
import { Histogram } from 'prom-client';
import type { Logger, Metrics, Resources } from '../observability/index.js';
import type { AbuseGuard } from '../security/index.js';
import type { Clock } from '../time/index.js';
import { EmbeddedBridge } from './embedded-bridge.js';
import type { EmbeddedInboundCall } from './embedded-inbound-call.js';
import { EmbeddedSipService } from './embedded-sip-service.js';
import { FrameClock } from './media/frame-clock.js';
import { PromptAudioCache } from './media/prompt-audio.js';
import { SipEndpoint } from './sip/sip-endpoint.js';
import { SipTransport } from './sip/sip-transport.js';

export { EmbeddedBridge, EmbeddedConference, type EmbeddedMemberView } from './embedded-bridge.js';
export { EmbeddedChannel } from './embedded-channel.js';
export { EmbeddedInboundCall } from './embedded-inbound-call.js';
export { parseSipAddress } from './sip-address.js';

export interface EmbeddedTelephonyOptions {
  readonly host: string;
  readonly port: number;
  /** Where the catalogue's WAVs are (PromptRef.file is relative to it). */
  readonly promptsDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly resources?: Resources;
  readonly metrics?: Metrics;
  readonly guard?: AbuseGuard;
  readonly draining: () => boolean;
  readonly onCall: (call: EmbeddedInboundCall) => void;
}

/**
 * Foyer's own SIP and RTP endpoint (`foyer start --telephony embedded`): a small RFC 3261 UAS on
 * UDP and TCP, G.711 RTP with RFC 4733 keys, prompts from the catalogue's WAVs, and conferences
 * mixed in-process, behind the same call-channel and conference ports as the FreeSWITCH path.
 */
export class EmbeddedTelephony {
  private constructor(
    private readonly endpoint: SipEndpoint,
    readonly sip: EmbeddedSipService,
    readonly bridge: EmbeddedBridge,
    readonly frames: FrameClock,
    readonly mediaAddress: string,
  ) {}

  static async start(options: EmbeddedTelephonyOptions): Promise<EmbeddedTelephony> {
    const { logger, clock } = options;
    const mediaAddress = advertisedAddress(options.host);
    const transport = new SipTransport({
      host: options.host,
      advertised: mediaAddress,
      port: options.port,
      tcpServer: true,
      logger,
    });
    await transport.listen();
    const endpoint = new SipEndpoint(transport, clock, logger);
    const prompts = new PromptAudioCache(options.promptsDir, logger);
    const frames = new FrameClock(clock);
    if (options.metrics) watchSendJitter(frames, options.metrics);
    const bridge = new EmbeddedBridge({ prompts, logger, ...(options.resources && { resources: options.resources }) });
    const contact = `sip:foyer@${mediaAddress.includes(':') ? `[${mediaAddress}]` : mediaAddress}:${transport.port}`;
    const sip = new EmbeddedSipService({
      endpoint,
      mediaAddress: options.host,
      announcedAddress: mediaAddress,
      contact,
      logger,
      draining: options.draining,
      onCall: options.onCall,
      ...(options.guard && { guard: options.guard, blockResponse: options.guard.policy.blockResponse }),
      channel: {
        logger,
        frames,
        prompts,
        join: async (channel, conference, flags) => {
          await bridge.room(conference).add(channel, flags);
        },
        ...(options.resources && { resources: options.resources }),
        ...(options.metrics && { metrics: options.metrics }),
      },
    });
    sip.start();
    const warming = performance.now();
    void prompts
      .warm()
      .then((count) =>
        logger.debug(
          { event: 'prompts_warmed', prompts: count, ms: Math.round(performance.now() - warming) },
          `${count} prompts resampled to 8 kHz`,
        ),
      );
    return new EmbeddedTelephony(endpoint, sip, bridge, frames, mediaAddress);
  }

  /** Where SIP is answered (the port actually bound, when 0 was asked for). */
  get address(): { host: string; port: number } {
    return { host: this.endpoint.transport.host, port: this.endpoint.transport.port };
  }

  async stop(): Promise<void> {
    await this.endpoint.close();
  }
}

/**
 * `foyer_rtp_send_lateness_seconds`: how long after its due time each 20 ms frame's packets had
 * all gone out, the jitter Foyer itself adds to every stream (the limits benchmark reads it).
 */
function watchSendJitter(frames: FrameClock, metrics: Metrics): void {
  const histogram = new Histogram({
    name: 'foyer_rtp_send_lateness_seconds',
    help: 'How long after its due time each 20 ms RTP frame had been sent to every call (embedded telephony)',
    buckets: [0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1],
    registers: [metrics.registry],
  });
  frames.onFrameSent = (lateMs) => histogram.observe(Math.max(0, lateMs) / 1000);
}

/** The address to put in SDP and Contact: the one listened on, or this machine's first outside one for 0.0.0.0. */
function advertisedAddress(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host;
  for (const addresses of Object.values(networkInterfaces()))
    for (const address of addresses ?? []) if (!address.internal && address.family === 'IPv4') return address.address;
  return '127.0.0.1';
}
