import type { Logger } from '../observability/index.js';
import { SipMessage } from './sip/sip-message.js';
import { newBranch, PRODUCT } from './sip/sip-response.js';
import type { SipEndpoint } from './sip/sip-endpoint.js';
import type { ServerTransaction } from './sip/server-transaction.js';
import type { SipPeer } from './sip/sip-transport.js';

export interface DialogHandlers {
  /** The caller hung up (BYE). */
  bye(): void;
  /** An in-dialog request other than BYE and ACK: INFO, re-INVITE, REFER, OPTIONS, UPDATE... */
  request(transaction: ServerTransaction): void;
  /** The ACK of Foyer's 2xx (with the answer to a late offer, if any). */
  ack(ack: SipMessage): void;
}

/**
 * Foyer's side of one call's SIP dialog (RFC 3261 12), as the UAS: its tags, the caller's
 * target, the route set from Record-Route, and Foyer's own CSeq for the BYE. Requests Foyer
 * sends go back the way the INVITE came (its source, or its TCP connection): the caller's
 * Contact may be an address behind NAT that cannot be reached.
 */
export class UasDialog {
  readonly callId: string;
  readonly remoteTag: string;
  private readonly remoteTarget: string;
  private readonly routeSet: string | undefined;
  private localSeq = 1;
  private readonly from: string;
  private readonly to: string;
  handlers: DialogHandlers = {
    bye: () => undefined,
    request: (transaction) => transaction.respond(500),
    ack: () => undefined,
  };

  constructor(
    private readonly endpoint: SipEndpoint,
    invite: SipMessage,
    readonly peer: SipPeer,
    readonly localTag: string,
    private readonly contact: string,
    private readonly logger: Logger,
  ) {
    this.callId = invite.callId;
    this.remoteTag = invite.fromTag ?? '';
    this.remoteTarget =
      /<([^>]+)>/.exec(invite.get('contact') ?? '')?.[1] ?? (invite.get('contact') ?? '').split(';')[0]?.trim() ?? '';
    this.routeSet = invite.get('record-route');
    // Foyer's requests swap the INVITE's From and To.
    this.from = `${invite.get('to') ?? ''};tag=${localTag}`;
    this.to = invite.get('from') ?? '';
  }

  get id(): string {
    return dialogId(this.callId, this.localTag);
  }

  /** Sends BYE; resolves when answered or given up (64*T1). */
  async bye(): Promise<number> {
    const request = SipMessage.request('BYE', this.remoteTarget || `sip:${this.peer.address}:${this.peer.port}`, [
      ['Via', `SIP/2.0/${this.peer.transport.toUpperCase()} ${hostPort(this.endpoint)};branch=${newBranch()};rport`],
      ['Max-Forwards', '70'],
      ['From', this.from],
      ['To', this.to],
      ['Call-ID', this.callId],
      ['CSeq', `${++this.localSeq} BYE`],
      ...(this.routeSet ? ([['Route', this.routeSet]] as [string, string][]) : []),
      ['User-Agent', PRODUCT],
    ]);
    const response = await this.endpoint.request(this.peer, request).final;
    if (response.status !== 200) this.logger.debug({ status: response.status }, 'BYE not answered 200');
    return response.status ?? 0;
  }

  /** The Contact of Foyer's answers. */
  get contactHeader(): string {
    return `<${this.contact}>`;
  }
}

export function dialogId(callId: string, localTag: string): string {
  return `${callId}|${localTag}`;
}

function hostPort(endpoint: SipEndpoint): string {
  const host = endpoint.transport.advertisedHost;
  return `${host.includes(':') ? `[${host}]` : host}:${endpoint.transport.port}`;
}
