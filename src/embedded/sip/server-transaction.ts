import type { Clock, TimerHandle } from '../../time/index.js';
import type { SipMessage } from './sip-message.js';
import { responseTo, type ResponseOptions } from './sip-response.js';
import type { SipPeer } from './sip-transport.js';
import { backoff, T1, T4, TRANSACTION_TIMEOUT } from './timers.js';

export interface ServerTransactionHost {
  readonly clock: Clock;
  send(peer: SipPeer, message: SipMessage): void;
  /** The transaction is over: forget it. */
  forget(key: string): void;
}

/**
 * One request Foyer answers (RFC 3261 17.2): its responses are resent when the request is, a
 * non-2xx final answer to an INVITE is resent until the ACK (Timer G, H), and a 2xx to an INVITE
 * is resent until the dialog's ACK (13.3.1.4) or given up after 64*T1. Over TCP nothing is
 * resent. All timers run on the injected clock.
 */
export class ServerTransaction {
  private last: SipMessage | undefined;
  private final = false;
  private timers: TimerHandle[] = [];
  private acked = false;
  private silent = false;
  private cancelListeners: (() => void)[] = [];
  /** Called when a 2xx to an INVITE got no ACK within 64*T1. */
  onAckTimeout: () => void = () => undefined;

  constructor(
    readonly key: string,
    readonly request: SipMessage,
    readonly peer: SipPeer,
    private readonly host: ServerTransactionHost,
  ) {}

  get finalSent(): boolean {
    return this.final;
  }

  /** The status of the last answer sent, if any. */
  get lastStatus(): number | undefined {
    return this.last?.status;
  }

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  /** Answers the request; later answers after a final one are ignored. */
  respond(status: number, options: ResponseOptions = {}): SipMessage | undefined {
    if (this.final) return undefined;
    const response = responseTo(this.request, status, options);
    this.last = response;
    this.host.send(this.peer, response);
    if (status < 200) return response;
    this.final = true;
    this.cancelListeners = [];
    const udp = this.peer.transport === 'udp';
    if (!this.isInvite) this.after(udp ? TRANSACTION_TIMEOUT : 0, () => this.end());
    else if (status >= 300) {
      if (udp) this.resend(T1);
      this.after(TRANSACTION_TIMEOUT, () => this.end());
    } else {
      // Accepted (RFC 6026): INVITE retransmissions are absorbed, the 2xx resent until the ACK.
      if (udp) this.resend(T1);
      this.after(TRANSACTION_TIMEOUT, () => {
        if (!this.acked) this.onAckTimeout();
        this.end();
      });
    }
    return response;
  }

  /** The request came again: say the last thing again (nothing, once abandoned). */
  retransmitted(): void {
    if (this.last && !this.silent) this.host.send(this.peer, this.last);
  }

  /**
   * Never answers (a blocked caller with block_response drop): retransmissions are absorbed in
   * silence until the caller gives up, then the transaction is forgotten.
   */
  abandon(): void {
    this.silent = true;
    this.final = true;
    this.cancelListeners = [];
    this.after(TRANSACTION_TIMEOUT, () => this.end());
  }

  /** An ACK arrived for this INVITE's final answer: stop resending it. */
  ack(): void {
    if (this.acked) return;
    this.acked = true;
    this.clear();
    if ((this.last?.status ?? 0) >= 300) this.after(this.peer.transport === 'udp' ? T4 : 0, () => this.end());
    else this.end();
  }

  get isAcked(): boolean {
    return this.acked;
  }

  /** Runs `listener` if a CANCEL ends this INVITE before its final answer. */
  onCancel(listener: () => void): void {
    this.cancelListeners.push(listener);
  }

  /** A CANCEL for this INVITE: 487 when no final answer has gone yet. Says whether it canceled. */
  cancel(): boolean {
    if (this.final) return false;
    const listeners = this.cancelListeners;
    this.respond(487);
    for (const listener of listeners) listener();
    return true;
  }

  /** Stops every timer (the endpoint is closing). */
  end(): void {
    this.clear();
    this.host.forget(this.key);
  }

  /** Timer G, and the 2xx's own resending: T1, doubling up to T2. */
  private resend(interval: number): void {
    this.after(interval, () => {
      if (this.acked || !this.last) return;
      this.host.send(this.peer, this.last);
      this.resend(backoff(interval));
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
