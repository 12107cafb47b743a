import { CallerGoneError, type CallChannel, type InboundCall, type RejectReason } from '../calls/index.js';
import type { Logger } from '../observability/index.js';
import type { BlockResponse } from '../security/index.js';
import { uriOf } from '../telephony/inbound-call.js';
import { ALLOW, EmbeddedChannel, type EmbeddedChannelOptions } from './embedded-channel.js';
import { RtpStream } from './media/rtp-stream.js';
import { answerFor, offerFrom, type AudioParams } from './media/sdp-negotiation.js';
import type { SipEndpoint } from './sip/sip-endpoint.js';
import { token } from './sip/sip-response.js';
import type { ServerTransaction } from './sip/server-transaction.js';
import { UasDialog } from './uas-dialog.js';

const STATUS: Record<RejectReason, number> = { not_found: 404, unavailable: 503, forbidden: 403, blocked: 403 };

export interface EmbeddedCallContext {
  readonly endpoint: SipEndpoint;
  /** The address RTP is received on, and the one announced in SDP (they differ for 0.0.0.0). */
  readonly mediaAddress: string;
  readonly announcedAddress: string;
  /** Foyer's Contact URI. */
  readonly contact: string;
  readonly channel: EmbeddedChannelOptions;
  readonly logger: Logger;
  readonly blockResponse?: BlockResponse;
  /** Makes a dialog reachable by its in-dialog requests; returns the removal. */
  readonly register: (dialog: UasDialog) => () => void;
}

/**
 * An INVITE to the embedded endpoint, not yet answered. Answering opens the call's RTP socket,
 * answers 200 with Foyer's SDP (the answer to the caller's offer, or Foyer's own offer when the
 * INVITE had none: the caller answers in the ACK) and hands the call to an EmbeddedChannel.
 */
export class EmbeddedInboundCall implements InboundCall {
  readonly callId: string;
  readonly to: string;
  readonly from: string;
  readonly source: string;
  readonly sourcePort: number;
  readonly userAgent?: string;
  private canceled = false;
  private resolveCanceled!: () => void;
  private readonly whenCanceled = new Promise<void>((resolve) => (this.resolveCanceled = resolve));

  constructor(
    private readonly invite: ServerTransaction,
    private readonly offer: AudioParams | undefined,
    private readonly context: EmbeddedCallContext,
  ) {
    const request = invite.request;
    this.callId = request.callId;
    this.to = request.uri ?? '';
    this.from = uriOf(request.get('from') ?? '');
    this.source = invite.peer.address;
    this.sourcePort = invite.peer.port;
    const agent = request.get('user-agent');
    if (agent !== undefined) this.userAgent = agent;
    invite.onCancel(() => {
      this.canceled = true;
      this.resolveCanceled();
    });
  }

  /** A getter, so that checks after an await read the flag afresh. */
  private get isCanceled(): boolean {
    return this.canceled;
  }

  header(name: string): string | undefined {
    return this.invite.request.get(name);
  }

  async answer(): Promise<CallChannel> {
    if (this.canceled) throw new CallerGoneError('the caller canceled the call');
    const opening = RtpStream.open(this.context.mediaAddress, this.context.announcedAddress);
    const rtp = await Promise.race([opening, this.whenCanceled.then(() => undefined)]);
    if (!rtp || this.isCanceled) {
      void opening.then((late) => late.close()).catch(() => undefined);
      throw new CallerGoneError('the caller canceled the call');
    }
    const request = this.invite.request;
    const localTag = token(6);
    const dialog = new UasDialog(
      this.context.endpoint,
      request,
      this.invite.peer,
      localTag,
      this.context.contact,
      this.context.logger.child({ callId: this.callId }),
    );
    let body: string;
    let media: AudioParams | undefined;
    try {
      if (this.offer) ({ sdp: body, params: media } = answerFor(request.body, rtp.local, 1));
      else body = offerFrom(rtp.local, 1);
    } catch (error) {
      rtp.close();
      this.invite.respond(488);
      throw error;
    }
    const unregister = this.context.register(dialog);
    const recordRoute = request.get('record-route');
    this.invite.respond(200, {
      toTag: localTag,
      headers: [
        ...(recordRoute ? ([['Record-Route', recordRoute]] as [string, string][]) : []),
        ['Contact', dialog.contactHeader],
        ['Allow', ALLOW],
        ['Content-Type', 'application/sdp'],
      ],
      body,
    });
    const channel = new EmbeddedChannel(this.callId, dialog, rtp, media, this.invite, this.context.channel);
    void channel.whenEnded.then(unregister);
    return channel;
  }

  reject(reason: RejectReason): Promise<void> {
    if (this.canceled) return Promise.resolve();
    // Silence tells a scanner nothing, not even that something answers here.
    if (reason === 'blocked' && this.context.blockResponse === 'drop') {
      this.invite.abandon();
      return Promise.resolve();
    }
    const status = STATUS[reason];
    this.invite.respond(status, status === 503 ? { headers: [['Retry-After', '30']] } : {});
    return Promise.resolve();
  }
}
