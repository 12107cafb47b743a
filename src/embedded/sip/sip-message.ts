import { parseNameAddress, parseRaw } from './drachtio-parser.js';

/** Largest SIP message Foyer reads (RFC 3261 allows 65 535 bytes over UDP; real ones are a few KiB). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Headers every request must have (RFC 3261 8.1.1); without them it is answered 400. */
const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'] as const;

/** One SIP request or response: start line, headers by lower-case name (repeats joined by commas), body. */
export class SipMessage {
  private constructor(
    readonly method: string | undefined,
    readonly uri: string | undefined,
    readonly status: number | undefined,
    readonly reason: string | undefined,
    private readonly headers: ReadonlyMap<string, string>,
    readonly body: string,
  ) {}

  static request(method: string, uri: string, headers: Iterable<[string, string]>, body = ''): SipMessage {
    return new SipMessage(method, uri, undefined, undefined, lowerKeys(headers), body);
  }

  static response(status: number, reason: string, headers: Iterable<[string, string]>, body = ''): SipMessage {
    return new SipMessage(undefined, undefined, status, reason, lowerKeys(headers), body);
  }

  get isRequest(): boolean {
    return this.method !== undefined;
  }

  get(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }

  get callId(): string {
    return this.get('call-id') ?? '';
  }

  /** The CSeq number and method. */
  get cseq(): { seq: number; method: string } {
    const match = /^\s*(\d+)\s+(\S+)/.exec(this.get('cseq') ?? '');
    return { seq: match ? Number(match[1]) : 0, method: match?.[2]?.toUpperCase() ?? '' };
  }

  /** The top Via's branch parameter (transaction id), or '' without one. */
  get branch(): string {
    const top = (this.get('via') ?? '').split(',')[0] ?? '';
    return /;\s*branch=([^;,\s]+)/i.exec(top)?.[1] ?? '';
  }

  get fromTag(): string | undefined {
    return tagOf(this.get('from'));
  }

  get toTag(): string | undefined {
    return tagOf(this.get('to'));
  }

  /** Every header, for copying into another message. */
  entries(): [string, string][] {
    return [...this.headers];
  }

  /** The message as it goes on the wire, with its Content-Length. */
  toString(): string {
    const start = this.isRequest ? `${this.method} ${this.uri} SIP/2.0` : `SIP/2.0 ${this.status} ${this.reason}`;
    const lines = [start];
    for (const [name, value] of this.headers) if (name !== 'content-length') lines.push(`${canonical(name)}: ${value}`);
    lines.push(`Content-Length: ${Buffer.byteLength(this.body)}`);
    return `${lines.join('\r\n')}\r\n\r\n${this.body}`;
  }

  /**
   * Reads one message (a datagram, or one framed from a stream). Returns why it cannot be used
   * when it cannot: `drop` for what cannot be answered (not SIP, too large, no Via), or a 400
   * with the reason for a request that can.
   */
  static parse(data: Buffer): SipMessage | { drop: string } | { reject: string; request: SipMessage } {
    if (data.length > MAX_MESSAGE_BYTES) return { drop: `larger than ${MAX_MESSAGE_BYTES} bytes` };
    const end = data.indexOf('\r\n\r\n');
    if (end < 0) return { drop: 'no blank line after the headers' };
    const head = data.subarray(0, end).toString('utf8');
    const raw = parseRaw(`${head}\r\n\r\n`);
    if (!raw) return { drop: 'not a SIP message' };
    const headers = Object.entries(raw.headers).map(([name, value]): [string, string] => [name, value]);
    const body = data.subarray(end + 4);
    const declared = raw.headers['content-length'];
    const length = declared === undefined ? body.length : Number(declared.trim());
    const text = body.subarray(0, Number.isInteger(length) && length >= 0 ? length : 0).toString('utf8');
    const message = raw.method
      ? new SipMessage(raw.method.toUpperCase(), raw.uri ?? '', undefined, undefined, lowerKeys(headers), text)
      : new SipMessage(undefined, undefined, raw.status, raw.reason ?? '', lowerKeys(headers), text);
    if (!message.get('via')) return { drop: 'no Via header' };
    if (!message.isRequest) return message;
    const missing = REQUIRED.find((name) => !message.get(name));
    if (missing) return { reject: `missing ${canonical(missing)} header`, request: message };
    if (!Number.isInteger(length) || length < 0) return { reject: 'bad Content-Length', request: message };
    if (length > body.length) return { reject: 'Content-Length beyond the end of the message', request: message };
    const cseq = message.cseq;
    if (cseq.seq <= 0 || cseq.method !== message.method) return { reject: 'bad CSeq', request: message };
    return message;
  }
}

function tagOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return parseNameAddress(value)?.params.tag ?? undefined;
}

function lowerKeys(headers: Iterable<[string, string]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const before = map.get(key);
    map.set(key, before === undefined ? value : `${before},${value}`);
  }
  return map;
}

const CANONICAL: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
};

/** `content-type` as `Content-Type`, for peers that (wrongly) read header names case-sensitively. */
function canonical(name: string): string {
  return (
    CANONICAL[name] ??
    name.replace(/(^|-)([a-z])/g, (_all, dash: string, letter: string) => dash + letter.toUpperCase())
  );
}
