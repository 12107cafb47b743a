import type { Logger } from '../observability/index.js';
import type { AbuseGuard } from '../security/index.js';
import { describeSocketError } from './port-probe.js';
import { SipInboundCall } from './inbound-call.js';
import type { FreeswitchChannelOptions } from './freeswitch-channel.js';
import type { MediaServerLike, SipRequest, SipResponse, SrfLike } from './library-types.js';
import type { MediaServerConnection } from './media-server.js';
import type { Placement } from './media-server-pool.js';
import { summariseOffer, UnacceptableSdpError, type OfferSummary } from './sdp.js';

export interface SipServiceOptions {
  readonly srf: SrfLike;
  readonly host: string;
  readonly port: number;
  readonly secret: string;
  /**
   * Where a new call's media goes: a placer (the pool of FreeSWITCH servers), or one connection,
   * whose server at the time is used.
   */
  readonly media: MediaPlacer | Pick<MediaServerConnection, 'current'>;
  readonly channel: FreeswitchChannelOptions;
  readonly logger: Logger;
  /**
   * Runs a call that Foyer will serve; what it returns settles when the call is over, and until
   * then the call keeps its place on its media server (a call whose handler returns nothing gives
   * it back at once).
   */
  readonly onCall: (call: SipInboundCall) => unknown;
  /** While draining, new calls get 503. */
  readonly draining: () => boolean;
  /**
   * Abuse resistance: OPTIONS and REGISTER from scanners' user agents are refused here (INVITEs
   * in the call session, which also refuses blocked sources), with the guard's block response.
   */
  readonly guard?: AbuseGuard;
}

export type SipState = 'connecting' | 'connected' | 'lost';

/** What placement knows of a new call when its INVITE arrives. */
export interface CallToPlace {
  readonly callId: string;
  readonly uri: string;
  readonly source: string;
  header(name: string): string | undefined;
}

/** Chooses a new call's media server; undefined when none can take it (the INVITE gets 503). */
export interface MediaPlacer {
  place(call: CallToPlace): Placement | undefined;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/** One connection as a placer: its server while it has one, with nothing to count. */
function placerOf(media: SipServiceOptions['media']): MediaPlacer {
  if ('place' in media) return media;
  return {
    place: () => {
      const server = media.current;
      return server && { server, address: '', location: '', release: () => undefined };
    },
  };
}

/**
 * Foyer's side of drachtio-server: an inbound application that answers INVITEs with the IVR,
 * OPTIONS with 200 (keep-alives from SBCs and load balancers), and refuses REGISTER and REFER.
 * drachtio-srf reconnects by itself; calls in progress keep their media meanwhile.
 */
export class SipService {
  private status: SipState = 'connecting';
  private lastError: string | undefined;
  private stopping = false;
  private readonly log: Logger;
  private readonly placer: MediaPlacer;

  constructor(private readonly options: SipServiceOptions) {
    this.placer = placerOf(options.media);
    this.log = options.logger.child({ server: 'drachtio', address: `${options.host}:${options.port}` });
  }

  get state(): SipState {
    return this.status;
  }

  start(): void {
    const { srf, host, port, secret } = this.options;
    // Without an error listener drachtio-srf's errors would end the process.
    srf.on('error', (error: NodeJS.ErrnoException) => this.onError(error));
    srf.on('connect', (error: Error | null, hostport?: string) => {
      if (error) {
        this.onError(error);
        return;
      }
      this.status = 'connected';
      this.lastError = undefined;
      this.log.info(
        { event: 'drachtio_connected', sip: hostport ?? null },
        `connected to drachtio-server at ${host}:${port}`,
      );
    });
    srf.on('close', () => {
      if (this.status !== 'connected' || this.stopping) return;
      this.log.error(
        { event: 'drachtio_lost' },
        `lost drachtio-server at ${host}:${port}; reconnecting (calls in progress keep their media)`,
      );
      this.status = 'lost';
    });
    srf.invite((req, res) => this.guard('INVITE', req, res, () => this.onInvite(req, res)));
    srf.options((req, res) =>
      this.guard('OPTIONS', req, res, () => {
        if (!this.refuseScanner('OPTIONS', req, res)) res.send(200);
      }),
    );
    srf.register((req, res) =>
      this.guard('REGISTER', req, res, () => {
        if (!this.refuseScanner('REGISTER', req, res)) res.send(403);
      }),
    );
    srf.refer((req, res) => this.guard('REFER', req, res, () => res.send(403)));
    srf.connect({ host, port, secret, reconnect: { retryMaxDelay: 30_000 } });
  }

  stop(): void {
    this.stopping = true;
    try {
      this.options.srf.disconnect();
    } catch {
      // Not connected: nothing to close.
    }
  }

  private onInvite(req: SipRequest, res: SipResponse): void {
    if (this.options.draining()) {
      res.send(503, { headers: { 'Retry-After': '30' } });
      return;
    }
    const callId = req.get('Call-ID') ?? req.callId;
    const placement = this.placer.place({
      callId,
      uri: req.uri,
      source: req.source_address,
      header: (name) => req.get(name),
    });
    if (!placement) {
      this.log.warn(
        { event: 'invite_refused', reason: 'freeswitch_unavailable', callId },
        'FreeSWITCH unavailable: 503',
      );
      res.send(503, { headers: { 'Retry-After': '30' } });
      return;
    }
    let handled: PromiseLike<unknown> | undefined;
    try {
      handled = this.serve(req, res, placement.server);
    } finally {
      // However the call ends (refused, canceled, hung up, its server lost), its place is given back.
      if (handled)
        handled.then(
          () => placement.release(),
          () => placement.release(),
        );
      else placement.release();
    }
  }

  /** Hands a placed call to `onCall`; what that returns settles when the call is over. */
  private serve(req: SipRequest, res: SipResponse, mediaServer: MediaServerLike): PromiseLike<unknown> | undefined {
    let offer: OfferSummary | undefined;
    if (req.body && req.body.trim() !== '') {
      try {
        offer = summariseOffer(req.body);
      } catch (error) {
        if (!(error instanceof UnacceptableSdpError)) throw error;
        this.log.warn(
          { event: 'invite_refused', reason: 'sdp', callId: req.get('Call-ID') ?? null, detail: error.message },
          `unacceptable SDP: ${error.message}`,
        );
        res.send(488);
        return undefined;
      }
    }
    const blockResponse = this.options.guard?.policy.blockResponse;
    const handled = this.options.onCall(
      new SipInboundCall(req, res, {
        ...this.options.channel,
        srf: this.options.srf,
        mediaServer,
        offer,
        ...(blockResponse && { blockResponse }),
      }),
    );
    return isPromiseLike(handled) ? handled : undefined;
  }

  /** Refuses a request from a scanner's user agent (403 with no body, or silence); says whether it did. */
  private refuseScanner(method: string, req: SipRequest, res: SipResponse): boolean {
    const guard = this.options.guard;
    if (!guard) return false;
    const source = guard.sourceOf({ address: req.source_address, header: (name) => req.get(name) });
    const userAgent = req.get('User-Agent');
    if (!guard.isScanner(source, userAgent)) return false;
    const response = guard.policy.blockResponse;
    this.log.debug(
      { event: 'request_refused', reason: 'scanner_ua', method, source: source.id, userAgent, response },
      `${method} from a scanner refused`,
    );
    if (response === 'reject') res.send(403);
    return true;
  }

  /** A handler that throws answers 500 and is logged; it never takes the process down. */
  private guard(method: string, req: SipRequest, res: SipResponse, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      this.log.error({ err: error, method, callId: req.get('Call-ID') ?? null }, `${method} handler failed`);
      try {
        res.send(500);
      } catch {
        // The response may already have gone.
      }
    }
  }

  private onError(error: NodeJS.ErrnoException): void {
    const reason = error.code ? describeSocketError(error) : error.message;
    if (reason === this.lastError) return;
    this.lastError = reason;
    this.log.error(
      { event: 'drachtio_unreachable', reason },
      `cannot reach drachtio-server at ${this.options.host}:${this.options.port}: ${reason}; retrying`,
    );
  }
}
