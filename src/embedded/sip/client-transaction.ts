import type { Clock, TimerHandle } from '../../time/index.js';
import { SipMessage } from './sip-message.js';
import type { SipPeer } from './sip-transport.js';
import { backoff, T1, T2, T4, TRANSACTION_TIMEOUT } from './timers.js';

export interface ClientTransactionHost {
  readonly clock: Clock;
  send(peer: SipPeer, message: SipMessage): void;
  forget(key: string): void;
}

/**
 * One request Foyer sends (RFC 3261 17.1): resent over UDP until answered (Timers A and E),
 * given up after 64*T1 (B, F: the result is then a 408 made here). A non-2xx final answer to an
 * INVITE is acknowledged within the transaction (and again if the answer is resent).
 */
export class ClientTransaction {
  private timers: TimerHandle[] = [];
  private done = false;
  private provisional = false;
  private resolveFinal!: (response: SipMessage) => void;
  /** The final answer (a 408 made here when none came). */
  readonly final = new Promise<SipMessage>((resolve) => (this.resolveFinal = resolve));
  onProvisional: (response: SipMessage) => void = () => undefined;

  constructor(
    readonly key: string,
    readonly request: SipMessage,
    readonly peer: SipPeer,
    private readonly host: ClientTransactionHost,
  ) {}

  start(): void {
    this.host.send(this.peer, this.request);
    if (this.peer.transport === 'udp') this.retransmit(T1);
    this.after(TRANSACTION_TIMEOUT, () => {
      if (this.done) return;
      this.done = true;
      this.resolveFinal(timeoutFor(this.request));
      this.end();
    });
  }

  receive(response: SipMessage): void {
    const status = response.status ?? 0;
    if (status < 200) {
      if (this.done) return;
      this.provisional = true;
      this.onProvisional(response);
      return;
    }
    const invite = this.request.method === 'INVITE';
    if (invite && status >= 300) this.host.send(this.peer, ackFor(this.request, response));
    if (this.done) return;
    this.done = true;
    this.clear();
    this.resolveFinal(response);
    // Timers D and K: absorb the final answer's retransmissions for a while (and ACK them again).
    const linger = this.peer.transport === 'udp' ? (invite ? TRANSACTION_TIMEOUT / 2 : T4) : 0;
    if (invite && status < 300) this.end();
    else this.after(linger, () => this.end());
  }

  end(): void {
    this.clear();
    this.host.forget(this.key);
  }

  private retransmit(interval: number): void {
    this.after(interval, () => {
      if (this.done) return;
      // An INVITE is no longer resent once answered provisionally; other requests are, every T2.
      if (this.provisional && this.request.method === 'INVITE') return;
      this.host.send(this.peer, this.request);
      this.retransmit(this.provisional ? T2 : backoff(interval, this.request.method === 'INVITE' ? Infinity : T2));
    });
  }

  private after(ms: number, run: () => void): void {
    this.timers.push(this.host.clock.setTimeout(run, ms));
  }

  private clear(): void {
    for (const timer of this.timers) this.host.clock.clearTimeout(timer);
    this.timers = [];
  }
}

/** The ACK to a non-2xx final answer: same branch and Request-URI, To as in the answer (17.1.1.3). */
function ackFor(invite: SipMessage, response: SipMessage): SipMessage {
  const via = (invite.get('via') ?? '').split(',')[0] ?? '';
  return SipMessage.request('ACK', invite.uri ?? '', [
    ['Via', via],
    ['Max-Forwards', '70'],
    ['From', invite.get('from') ?? ''],
    ['To', response.get('to') ?? ''],
    ['Call-ID', invite.callId],
    ['CSeq', `${invite.cseq.seq} ACK`],
    ...routeOf(invite),
  ]);
}

function timeoutFor(request: SipMessage): SipMessage {
  return SipMessage.response(408, 'Request Timeout (no answer)', [
    ['Via', request.get('via') ?? ''],
    ['From', request.get('from') ?? ''],
    ['To', request.get('to') ?? ''],
    ['Call-ID', request.callId],
    ['CSeq', request.get('cseq') ?? ''],
  ]);
}

/** The Route header of `request` as a header entry, if it has one. */
function routeOf(request: SipMessage): [string, string][] {
  const route = request.get('route');
  return route === undefined ? [] : [['Route', route]];
}
