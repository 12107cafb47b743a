import type { SipMessage } from '../../src/embedded/sip/sip-message.js';
import { SipMessage as Message } from '../../src/embedded/sip/sip-message.js';
import type {
  BadRequestHandler,
  IncomingHandler,
  SipPeer,
  SipTransport,
} from '../../src/embedded/sip/sip-transport.js';

/** A transport that records what is sent and lets a test deliver bytes, as if from the wire. */
export class FakeTransport {
  readonly sent: { peer: SipPeer; message: SipMessage }[] = [];
  private onMessage: IncomingHandler = () => undefined;
  private onBad: BadRequestHandler = () => undefined;
  readonly host = '127.0.0.1';
  readonly advertisedHost = '127.0.0.1';
  readonly port = 5060;

  handle(onMessage: IncomingHandler, onBad: BadRequestHandler): void {
    this.onMessage = onMessage;
    this.onBad = onBad;
  }

  send(peer: SipPeer, message: SipMessage): void {
    this.sent.push({ peer, message });
  }

  async close(): Promise<void> {}

  /** Delivers `text` as one datagram (or framed message) from `peer`. */
  deliver(text: string, peer: SipPeer): void {
    const parsed = Message.parse(Buffer.from(text));
    if ('drop' in parsed) this.onBad(parsed.drop, peer);
    else if ('reject' in parsed) this.onBad(parsed.reject, peer, parsed.request);
    else this.onMessage(parsed, peer);
  }

  statuses(): (number | string)[] {
    return this.sent.map(({ message }) => message.status ?? message.method!);
  }

  /** The SipEndpoint takes a SipTransport; this fake has every member it uses. */
  asTransport(): SipTransport {
    return this as unknown as SipTransport;
  }
}

export const UDP: SipPeer = { transport: 'udp', address: '192.0.2.10', port: 5062 };
export const TCP: SipPeer = { transport: 'tcp', address: '192.0.2.10', port: 5062 };

/** A request as a SIP phone writes it. */
export function request(
  method: string,
  options: { branch?: string; toTag?: string; cseq?: number; body?: string; headers?: string[]; callId?: string } = {},
): string {
  const body = options.body ?? '';
  const lines = [
    `${method} sip:8000@127.0.0.1:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.10:5062;branch=${options.branch ?? 'z9hG4bK-1'}`,
    'From: "Phone" <sip:phone@192.0.2.10>;tag=from1',
    `To: <sip:8000@127.0.0.1>${options.toTag ? `;tag=${options.toTag}` : ''}`,
    `Call-ID: ${options.callId ?? 'call-1'}`,
    `CSeq: ${options.cseq ?? 1} ${method === 'ACK' || method === 'CANCEL' ? method : method}`,
    'Contact: <sip:phone@192.0.2.10:5062>',
    'Max-Forwards: 70',
    ...(options.headers ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
