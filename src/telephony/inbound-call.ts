import { CallerGoneError, type CallChannel, type InboundCall, type RejectReason } from '../calls/index.js';
import { processResources, type Logger } from '../observability/index.js';
import { abandon } from '../time/index.js';
import type { BlockResponse } from '../security/index.js';
import { FreeswitchChannel, type FreeswitchChannelOptions } from './freeswitch-channel.js';
import type { EndpointLike, MediaServerLike, SipRequest, SipResponse, SrfLike } from './library-types.js';
import { race } from './race.js';
import { answerFor, hasTelephoneEvent, UnacceptableSdpError, type OfferSummary } from './sdp.js';

const STATUS: Record<RejectReason, number> = { not_found: 404, unavailable: 503, forbidden: 403, blocked: 403 };

export interface SipInboundCallOptions extends FreeswitchChannelOptions {
  readonly srf: SrfLike;
  readonly mediaServer: MediaServerLike;
  /** The caller's offer, already checked; undefined for a late offer (INVITE without SDP). */
  readonly offer: OfferSummary | undefined;
  /** What a blocked caller gets: 403 with no body (the default), or no answer at all. */
  readonly blockResponse?: BlockResponse;
}

/**
 * An INVITE from drachtio-server, not yet answered. Answering creates the caller's channel on
 * FreeSWITCH with the audio of the offer, answers the caller with FreeSWITCH's answer (other
 * streams rejected with port 0), and wires both into a FreeswitchChannel.
 */
export class SipInboundCall implements InboundCall {
  readonly callId: string;
  readonly to: string;
  readonly from: string;
  readonly source: string;
  readonly sourcePort?: number;
  readonly userAgent?: string;
  private canceled = false;
  private resolveCanceled!: () => void;
  /** Settles when the caller cancels: operations of an unanswered call race it. */
  private readonly whenCanceled = new Promise<void>((resolve) => (this.resolveCanceled = resolve));
  private responded = false;
  private readonly log: Logger;

  constructor(
    private readonly req: SipRequest,
    private readonly res: SipResponse,
    private readonly options: SipInboundCallOptions,
  ) {
    this.callId = req.get('Call-ID') ?? req.callId;
    this.to = req.uri;
    this.from = uriOf(req.get('From') ?? '');
    this.source = req.source_address;
    if (Number.isInteger(req.source_port) && req.source_port > 0) this.sourcePort = req.source_port;
    const agent = req.get('User-Agent');
    if (agent !== undefined) this.userAgent = agent;
    this.log = options.logger.child({ callId: this.callId });
    req.on('cancel', () => {
      this.canceled = true;
      this.resolveCanceled();
    });
  }

  async answer(): Promise<CallChannel> {
    if (this.callerCanceled()) throw new CallerGoneError('the caller canceled the call');
    const { offer, srf, operationTimeoutMs } = this.options;
    if (offer?.srtp) return this.answerSecure(offer);
    const endpoint = await this.createEndpoint();
    // Until the channel takes it over, the endpoint is this call's to release.
    const releaseEndpoint = (this.options.resources ?? processResources).acquire('endpoints', this.callId);
    try {
      if (this.callerCanceled()) throw new CallerGoneError('the caller canceled the call');
      const localSdp = offer ? answerFor(this.req.body ?? '', endpoint.local.sdp) : endpoint.local.sdp;
      this.responded = true;
      const dialog = await race(
        'answering the caller',
        srf.createUAS(this.req, this.res, { localSdp }),
        operationTimeoutMs,
        this.whenCanceled,
      );
      const channel = new FreeswitchChannel(this.callId, dialog, endpoint, this.options);
      releaseEndpoint();
      if (offer) {
        if (!offer.telephoneEvent)
          await channel
            .startInbandDetection()
            .catch((error: unknown) => this.log.warn({ err: error }, 'inband DTMF detection failed'));
      } else {
        this.completeLateOffer(channel, endpoint);
      }
      return channel;
    } catch (error) {
      await race(
        'releasing the FreeSWITCH channel',
        endpoint.destroy(),
        operationTimeoutMs,
        new Promise(() => undefined),
      ).catch((releaseError: unknown) =>
        this.log.warn({ err: releaseError }, 'releasing the FreeSWITCH channel failed'),
      );
      releaseEndpoint();
      if (this.callerCanceled() || isCanceled(error)) throw new CallerGoneError('the caller canceled the call');
      if (error instanceof UnacceptableSdpError) this.refuse(488);
      throw error;
    }
  }

  /**
   * SRTP (SDES) offers: drachtio-fsmrf lets only connectCaller create such a channel, and it
   * answers the caller with FreeSWITCH's answer to the whole offer (FreeSWITCH rejects video it
   * cannot serve itself).
   */
  private async answerSecure(offer: OfferSummary): Promise<CallChannel> {
    const connecting = this.options.mediaServer.connectCaller(this.req, this.res);
    try {
      const { endpoint, dialog } = await race(
        'answering an SRTP caller',
        connecting,
        this.options.operationTimeoutMs,
        this.whenCanceled,
      );
      this.responded = true;
      const channel = new FreeswitchChannel(this.callId, dialog, endpoint, this.options);
      if (!offer.telephoneEvent)
        await channel
          .startInbandDetection()
          .catch((error: unknown) => this.log.warn({ err: error }, 'inband DTMF detection failed'));
      return channel;
    } catch (error) {
      // A caller connected after Foyer gave up on it is let go at once, both legs.
      this.releaseLate(connecting, 'an SRTP caller', ({ endpoint, dialog }) =>
        Promise.all([endpoint.destroy(), dialog.destroy()]),
      );
      if (this.callerCanceled() || isCanceled(error)) throw new CallerGoneError('the caller canceled the call');
      this.refuse(isNotAcceptable(error) ? 488 : 503);
      throw error;
    }
  }

  header(name: string): string | undefined {
    return this.req.get(name);
  }

  reject(reason: RejectReason): Promise<void> {
    // Silence tells a scanner nothing, not even that something answers here.
    if (reason !== 'blocked' || this.options.blockResponse !== 'drop') this.refuse(STATUS[reason]);
    return Promise.resolve();
  }

  /**
   * The caller's channel on FreeSWITCH for the offer. When FreeSWITCH refuses the offer the caller
   * gets 488, when it fails or does not answer 503; either way the call is over. An endpoint that
   * arrives after the call gave up on it is released at once.
   */
  private async createEndpoint(): Promise<EndpointLike> {
    const { offer, mediaServer, operationTimeoutMs } = this.options;
    const creating = mediaServer.createEndpoint(offer ? { remoteSdp: offer.audioOnly } : {});
    try {
      return await race('creating a FreeSWITCH channel', creating, operationTimeoutMs, this.whenCanceled);
    } catch (error) {
      this.releaseLate(creating, 'a FreeSWITCH channel', (late) => late.destroy());
      if (this.callerCanceled()) throw new CallerGoneError('the caller canceled the call');
      this.refuse(isNotAcceptable(error) ? 488 : 503);
      throw error;
    }
  }

  /**
   * Releases what `arriving` brings if it comes after the call gave up on it. Its own failure is
   * the error already being handled, so only a failed release is news (logged).
   */
  private releaseLate<T>(arriving: Promise<T>, what: string, release: (late: T) => Promise<unknown>): void {
    abandon(
      arriving.then((late) =>
        release(late).catch((error: unknown) =>
          this.log.warn({ err: error }, `releasing ${what} that came late failed`),
        ),
      ),
    );
  }

  /** Whether the caller has canceled: a method, since that can happen during any await (narrowing cannot see it). */
  private callerCanceled(): boolean {
    return this.canceled;
  }

  /** Answers the INVITE with a final failure response, once, unless the caller has canceled. */
  private refuse(status: number): void {
    if (this.callerCanceled() || this.responded) return;
    this.responded = true;
    try {
      this.res.send(status, status === 503 ? { headers: { 'Retry-After': '30' } } : undefined);
    } catch (error) {
      this.log.warn({ err: error, status }, 'could not answer the INVITE');
    }
  }

  /** A late offer: the caller's answer comes in the ACK; hand it to FreeSWITCH. */
  private completeLateOffer(channel: FreeswitchChannel, endpoint: EndpointLike): void {
    channel.dialog.once('ack', (ack: SipRequest) => {
      const sdp = ack.body;
      if (!sdp) {
        this.log.warn({ event: 'late_offer_no_answer' }, 'ACK without SDP to a late offer; ending the call');
        void channel.hangup();
        return;
      }
      void race(
        'sending the caller answer to FreeSWITCH',
        endpoint.modify(sdp),
        this.options.operationTimeoutMs,
        channel.whenEnded,
      )
        .then(() => (hasTelephoneEvent(sdp) ? undefined : channel.startInbandDetection()))
        .catch((error: unknown) => this.log.warn({ err: error }, 'completing a late offer failed'));
    });
  }
}

function isCanceled(error: unknown): boolean {
  return statusOf(error) === 487;
}

/** FreeSWITCH refused the offer: 488 Not Acceptable Here (or 415, 606). */
function isNotAcceptable(error: unknown): boolean {
  return [415, 488, 606].includes(statusOf(error) ?? 0);
}

/** The SIP status of a failed request (drachtio-srf's SipError), if any. */
function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? (error as { status?: number }).status : undefined;
}

/** `"Alice" <sip:alice@example.com>;tag=x` as `sip:alice@example.com`. */
export function uriOf(header: string): string {
  const angle = /<([^>]+)>/.exec(header);
  return (angle?.[1] ?? header.replace(/;.*$/s, '')).trim();
}
