import type { AbuseGuard } from '../security/index.js';
import { UnacceptableSdpError } from '../telephony/sdp.js';
import { ALLOW } from './embedded-channel.js';
import { EmbeddedInboundCall, type EmbeddedCallContext } from './embedded-inbound-call.js';
import { readAudio, type AudioParams } from './media/sdp-negotiation.js';
import type { SipEndpoint } from './sip/sip-endpoint.js';
import type { SipMessage } from './sip/sip-message.js';
import type { ServerTransaction } from './sip/server-transaction.js';
import { dialogId, type UasDialog } from './uas-dialog.js';

export interface EmbeddedSipServiceOptions extends Omit<EmbeddedCallContext, 'register' | 'endpoint'> {
  readonly endpoint: SipEndpoint;
  readonly onCall: (call: EmbeddedInboundCall) => void;
  /** While draining, new calls get 503. */
  readonly draining: () => boolean;
  readonly guard?: AbuseGuard;
}

/** Methods Foyer knows and refuses outside a call (405 rather than 501). */
const REFUSED = new Set(['SUBSCRIBE', 'NOTIFY', 'MESSAGE', 'PUBLISH', 'UPDATE', 'PRACK']);

/**
 * The embedded endpoint's SIP side, doing what drachtio-server and SipService do for the other
 * back-end: INVITEs become calls (503 while draining, 488 for offers without usable audio),
 * OPTIONS get 200 (keep-alives), REGISTER and REFER 403, scanners' OPTIONS and REGISTER the
 * block response; requests inside a call go to its dialog, those of no known dialog get 481.
 */
export class EmbeddedSipService {
  private readonly dialogs = new Map<string, UasDialog>();
  private readonly context: EmbeddedCallContext;

  constructor(private readonly options: EmbeddedSipServiceOptions) {
    this.context = {
      ...options,
      register: (dialog) => {
        this.dialogs.set(dialog.id, dialog);
        return () => this.dialogs.delete(dialog.id);
      },
    };
  }

  start(): void {
    this.options.endpoint.handle({
      request: (transaction) => this.guarded(transaction),
      ack: (ack) => this.onAck(ack),
    });
  }

  /** Calls with a dialog (answered and not yet ended). */
  get activeDialogs(): number {
    return this.dialogs.size;
  }

  private onRequest(transaction: ServerTransaction): void {
    const request = transaction.request;
    const method = request.method ?? '';
    if (request.toTag !== undefined) {
      this.inDialog(transaction);
      return;
    }
    switch (method) {
      case 'INVITE':
        this.onInvite(transaction);
        return;
      case 'OPTIONS':
        if (!this.refuseScanner(transaction)) transaction.respond(200, { headers: [['Allow', ALLOW]] });
        return;
      case 'REGISTER':
        if (!this.refuseScanner(transaction)) transaction.respond(403);
        return;
      case 'REFER':
        transaction.respond(403);
        return;
      case 'BYE':
      case 'INFO':
        transaction.respond(481);
        return;
      default:
        transaction.respond(REFUSED.has(method) ? 405 : 501, { headers: [['Allow', ALLOW]] });
    }
  }

  private inDialog(transaction: ServerTransaction): void {
    const request = transaction.request;
    const dialog = this.dialogs.get(dialogId(request.callId, request.toTag ?? ''));
    if (!dialog) return void transaction.respond(481);
    if (request.method === 'BYE') {
      transaction.respond(200);
      dialog.handlers.bye();
      return;
    }
    dialog.handlers.request(transaction);
  }

  private onAck(ack: SipMessage): void {
    const tag = ack.toTag;
    if (tag !== undefined) this.dialogs.get(dialogId(ack.callId, tag))?.handlers.ack(ack);
  }

  private onInvite(transaction: ServerTransaction): void {
    const request = transaction.request;
    if (this.options.draining()) return void transaction.respond(503, { headers: [['Retry-After', '30']] });
    let offer: AudioParams | undefined;
    if (request.body.trim() !== '') {
      try {
        offer = readAudio(request.body).params;
      } catch (error) {
        if (!(error instanceof UnacceptableSdpError)) throw error;
        this.options.logger.warn(
          { event: 'invite_refused', reason: 'sdp', callId: request.callId, detail: error.message },
          `unacceptable SDP: ${error.message}`,
        );
        return void transaction.respond(488);
      }
    }
    this.options.onCall(new EmbeddedInboundCall(transaction, offer, this.context));
  }

  /** Refuses a request from a scanner's user agent (403 with no body, or silence); says whether it did. */
  private refuseScanner(transaction: ServerTransaction): boolean {
    const guard = this.options.guard;
    if (!guard) return false;
    const request = transaction.request;
    const source = guard.sourceOf({ address: transaction.peer.address, header: (name) => request.get(name) });
    const userAgent = request.get('user-agent');
    if (!guard.isScanner(source, userAgent)) return false;
    const response = guard.policy.blockResponse;
    this.options.logger.debug(
      {
        event: 'request_refused',
        reason: 'scanner_ua',
        method: request.method,
        source: source.id,
        userAgent,
        response,
      },
      `${request.method ?? ''} from a scanner refused`,
    );
    if (response === 'reject') transaction.respond(403);
    else transaction.abandon();
    return true;
  }

  /** A handler that throws answers 500 and is logged; it never takes the process down. */
  private guarded(transaction: ServerTransaction): void {
    try {
      this.onRequest(transaction);
    } catch (error) {
      this.options.logger.error(
        { err: error, method: transaction.request.method, callId: transaction.request.callId },
        `${transaction.request.method ?? ''} handler failed`,
      );
      transaction.respond(500);
    }
  }
}
