import type { Logger } from '../../observability/index.js';
import type { Clock } from '../../time/index.js';
import { ClientTransaction } from './client-transaction.js';
import type { SipMessage } from './sip-message.js';
import { responseTo } from './sip-response.js';
import { ServerTransaction } from './server-transaction.js';
import type { SipPeer, SipTransport } from './sip-transport.js';

export interface SipEndpointHandlers {
  /** A new request (not an ACK, nor a CANCEL: the endpoint answers CANCELs itself). */
  readonly request: (transaction: ServerTransaction) => void;
  /** An ACK that no transaction took: the ACK of a 2xx, for the dialog. */
  readonly ack?: (ack: SipMessage, peer: SipPeer) => void;
  /** A response no transaction waits for: a 2xx to an INVITE sent again. */
  readonly strayResponse?: (response: SipMessage, peer: SipPeer) => void;
}

/**
 * The transaction layer over one transport: requests are matched to their transactions by the
 * top Via's branch (and method), retransmissions absorbed, CANCELs matched to their INVITEs,
 * requests that cannot be used answered 400 (or dropped when they cannot be answered).
 */
export class SipEndpoint {
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();
  private handlers: SipEndpointHandlers = { request: (transaction) => transaction.respond(500) };
  private closed = false;

  constructor(
    readonly transport: SipTransport,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    transport.handle(
      (message, peer) => (message.isRequest ? this.onRequest(message, peer) : this.onResponse(message, peer)),
      (why, peer, request) => this.onBad(why, peer, request),
    );
  }

  handle(handlers: SipEndpointHandlers): void {
    this.handlers = handlers;
  }

  /** Sends a request in a new client transaction; its `final` settles with the answer (or a 408). */
  request(peer: SipPeer, request: SipMessage): ClientTransaction {
    const key = `${request.branch}|${request.method ?? ''}`;
    const transaction = new ClientTransaction(key, request, peer, {
      clock: this.clock,
      send: (to, message) => this.send(to, message),
      forget: (done) => this.clients.delete(done),
    });
    this.clients.set(key, transaction);
    transaction.start();
    return transaction;
  }

  /** Sends outside any transaction (the ACK of a 2xx). */
  send(peer: SipPeer, message: SipMessage): void {
    if (!this.closed) this.transport.send(peer, message);
  }

  /** Requests in progress, both ways (for tests and /health). */
  get transactions(): number {
    return this.servers.size + this.clients.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const transaction of [...this.servers.values()]) transaction.end();
    for (const transaction of [...this.clients.values()]) transaction.end();
    await this.transport.close();
  }

  private onRequest(request: SipMessage, peer: SipPeer): void {
    if (this.closed) return;
    const method = request.method ?? '';
    const key = serverKey(request, method === 'ACK' ? 'INVITE' : method);
    const existing = this.servers.get(key);
    if (method === 'ACK') {
      // The ACK of a non-2xx answer belongs to its transaction; that of a 2xx to the dialog.
      if (existing && (existing.lastStatus ?? 0) >= 300) existing.ack();
      else this.handlers.ack?.(request, peer);
      return;
    }
    if (existing) {
      existing.retransmitted();
      return;
    }
    const transaction = new ServerTransaction(key, request, peer, {
      clock: this.clock,
      send: (to, message) => this.send(to, message),
      forget: (done) => this.servers.delete(done),
    });
    this.servers.set(key, transaction);
    if (method === 'CANCEL') {
      this.onCancel(transaction);
      return;
    }
    if (method === 'INVITE') transaction.respond(100);
    this.handlers.request(transaction);
  }

  /** CANCEL (RFC 3261 9.2): 200 and a 487 to its INVITE when still unanswered, 481 when unknown. */
  private onCancel(cancel: ServerTransaction): void {
    const invite = this.servers.get(serverKey(cancel.request, 'INVITE'));
    if (!invite) {
      cancel.respond(481);
      return;
    }
    cancel.respond(200);
    invite.cancel();
  }

  private onResponse(response: SipMessage, peer: SipPeer): void {
    if (this.closed) return;
    const transaction = this.clients.get(`${response.branch}|${response.cseq.method}`);
    if (transaction) transaction.receive(response);
    else this.handlers.strayResponse?.(response, peer);
  }

  private onBad(why: string, peer: SipPeer, request?: SipMessage): void {
    this.logger.debug({ event: 'sip_bad_message', reason: why, peer }, `SIP message refused: ${why}`);
    if (!request || request.method === 'ACK' || this.closed) return;
    this.send(peer, responseTo(request, 400, { headers: [['Warning', `399 foyer "${why.replace(/"/g, "'")}"`]] }));
  }
}

/** A transaction's id: the branch and method (RFC 3261 17.2.3), or for old peers without the cookie, Call-ID and CSeq. */
function serverKey(request: SipMessage, method: string): string {
  const branch = request.branch;
  if (branch.startsWith('z9hG4bK')) return `${branch}|${method}`;
  return `${request.callId}|${request.cseq.seq}|${request.fromTag ?? ''}|${method}`;
}
