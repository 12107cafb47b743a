import { isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { pino } from 'pino';
import { decode, encode, silenceFrame } from '../embedded/media/g711.js';
import { FrameClock } from '../embedded/media/frame-clock.js';
import { toneFrame } from '../embedded/media/inband-dtmf.js';
import { RtpStream } from '../embedded/media/rtp-stream.js';
import { offerFrom, readAudio, type AudioParams, type Codec } from '../embedded/media/sdp-negotiation.js';
import { eventOfKey, eventPayload } from '../embedded/media/telephone-events.js';
import { SipEndpoint } from '../embedded/sip/sip-endpoint.js';
import { SipMessage } from '../embedded/sip/sip-message.js';
import { newBranch, PRODUCT, token } from '../embedded/sip/sip-response.js';
import { SipTransport, type SipPeer } from '../embedded/sip/sip-transport.js';
import type { Logger } from '../observability/index.js';
import { realClock, type Clock } from '../time/index.js';
import { Recording } from './recording.js';

export type KeyTransport = 'rfc4733' | 'info' | 'inband';

export interface CallOptions {
  readonly alias: string;
  readonly to: { readonly host: string; readonly port: number };
  readonly transport?: 'udp' | 'tcp';
  /** Send the INVITE without SDP (Foyer offers in its 200; the ACK answers). */
  readonly lateOffer?: boolean;
  /** Offer only this codec (both by default, PCMU first). */
  readonly codec?: Codec;
  /** Offer telephone-event (RFC 4733); without it, keys can only be tones or SIP INFO. */
  readonly telephoneEvent?: boolean;
  readonly userAgent?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Each step of the call as it happens: SIP responses, keys, the end. */
  readonly onEvent?: (atMs: number, text: string) => void;
}

/** What the caller sends between keys: silence, or a steady tone (to be heard in a conference). */
export type Voice = (frame: number) => Int16Array | undefined;

/**
 * A small SIP caller: one call over UDP or TCP, G.711 out (silence, a tone, or inband keys),
 * keys as RFC 4733 events or SIP INFO, and everything it hears decoded into a Recording.
 * Built on the embedded endpoint's own SIP and RTP pieces.
 */
export class Call {
  readonly recording = new Recording();
  /** The final answer to the INVITE. */
  status = 0;
  reason = '';
  private media: AudioParams | undefined;
  private ended = false;
  private endedBy: 'foyer' | 'caller' | undefined;
  private resolveEnded!: (by: 'foyer' | 'caller') => void;
  readonly whenEnded = new Promise<'foyer' | 'caller'>((resolve) => (this.resolveEnded = resolve));
  private voice: Voice | undefined;
  private pendingKeys: { key: string; frames: number; sent: number; timestamp: number }[] = [];
  private inbandKey: { key: string; frame: number } | undefined;
  private offBeat: (() => void) | undefined;
  private remoteTag = '';
  private remoteTarget = '';
  private seq = 1;
  private readonly started: number;

  private constructor(
    private readonly options: CallOptions,
    private readonly endpoint: SipEndpoint,
    private readonly rtp: RtpStream,
    private readonly peer: SipPeer,
    readonly callId: string,
    private readonly fromTag: string,
    private readonly clock: Clock,
  ) {
    this.started = clock.now();
  }

  /** Places the call; resolves once it is answered or refused (see `status`). */
  static async place(options: CallOptions): Promise<Call> {
    const clock = options.clock ?? realClock;
    const logger = options.logger ?? pino({ level: 'silent' });
    const localHost = localAddressFor(options.to.host);
    const transport = new SipTransport({ host: localHost, port: 0, tcpServer: false, logger });
    await transport.listen();
    const endpoint = new SipEndpoint(transport, clock, logger);
    const rtp = await RtpStream.open(localHost);
    const peer: SipPeer = { transport: options.transport ?? 'udp', ...addressOf(options.to) };
    const call = new Call(options, endpoint, rtp, peer, `${token(8)}@foyer-dial`, token(6), clock);
    await call.invite();
    return call;
  }

  get atMs(): number {
    return this.clock.now() - this.started;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get audio(): AudioParams | undefined {
    return this.media;
  }

  /** Sends keys one after another (250 ms apart for RFC 4733 and inband, as a person presses them). */
  async keys(keys: string, how: KeyTransport = 'rfc4733'): Promise<void> {
    for (const key of keys) {
      if (this.ended) return;
      if (how === 'info') await this.info(key);
      else if (how === 'inband') this.inbandKey = { key, frame: 0 };
      else this.pendingKeys.push({ key, frames: 5, sent: 0, timestamp: 0 });
      this.note(`key ${key} (${how})`);
      await this.pause(250);
    }
  }

  /** What to send between keys (silence when undefined). */
  speak(voice: Voice | undefined): void {
    this.voice = voice;
  }

  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(resolve, ms);
      void this.whenEnded.then(() => {
        this.clock.clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Hangs up (BYE) unless Foyer already did; resolves when the call is over. */
  async hangup(): Promise<'foyer' | 'caller'> {
    if (!this.ended && this.status >= 200 && this.status < 300) {
      this.finish('caller');
      await this.endpoint.request(this.peer, this.inDialog('BYE')).final;
    } else if (!this.ended) this.finish('caller');
    await this.close();
    return this.endedBy ?? 'caller';
  }

  /** Sends CANCEL for the INVITE still ringing. */
  cancelInvite: (() => void) | undefined;

  private async invite(): Promise<void> {
    const { options } = this;
    const uri = `sip:${options.alias}@${hostPort(options.to)}`;
    const choices = {
      ...(options.codec && { codecs: [options.codec] }),
      ...(options.telephoneEvent === false && { telephoneEvent: false }),
    };
    const offer = options.lateOffer ? '' : offerFrom(this.rtp.local, 1, choices);
    const branch = newBranch();
    const request = SipMessage.request(
      'INVITE',
      uri,
      [
        ['Via', `SIP/2.0/${this.peer.transport.toUpperCase()} ${this.via()};branch=${branch};rport`],
        ['Max-Forwards', '70'],
        ['From', `<sip:dial@${this.via()}>;tag=${this.fromTag}`],
        ['To', `<${uri}>`],
        ['Call-ID', this.callId],
        ['CSeq', '1 INVITE'],
        ['Contact', `<sip:dial@${this.via()};transport=${this.peer.transport}>`],
        ['User-Agent', options.userAgent ?? `${PRODUCT} dialer`],
        ...(offer ? ([['Content-Type', 'application/sdp']] as [string, string][]) : []),
      ],
      offer,
    );
    this.endpoint.handle({
      request: (transaction) => this.onRequest(transaction.request, (status) => transaction.respond(status)),
      strayResponse: (response) => {
        if (response.cseq.method === 'INVITE' && response.status === 200)
          this.endpoint.send(this.peer, this.ack(response));
      },
    });
    this.note(
      `INVITE ${uri} over ${this.peer.transport.toUpperCase()}${options.lateOffer ? ' (no SDP: late offer)' : ''}`,
    );
    const transaction = this.endpoint.request(this.peer, request);
    transaction.onProvisional = (response) => this.note(`${response.status} ${response.reason}`);
    this.cancelInvite = () => {
      const cancel = SipMessage.request('CANCEL', uri, [
        ['Via', (request.get('via') ?? '').split(',')[0] ?? ''],
        ['Max-Forwards', '70'],
        ['From', request.get('from') ?? ''],
        ['To', request.get('to') ?? ''],
        ['Call-ID', this.callId],
        ['CSeq', '1 CANCEL'],
      ]);
      this.note('CANCEL');
      void this.endpoint
        .request(this.peer, cancel)
        .final.then((response) => this.note(`${response.status} ${response.reason} (CANCEL)`));
    };
    const final = await transaction.final;
    this.status = final.status ?? 0;
    this.reason = final.reason ?? '';
    if (this.status < 200 || this.status >= 300) {
      this.note(`${this.status} ${this.reason}: not answered`);
      this.finish('foyer');
      await this.close();
      return;
    }
    this.remoteTag = final.toTag ?? '';
    this.remoteTarget = /<([^>]+)>/.exec(final.get('contact') ?? '')?.[1] ?? uri;
    let ackBody = '';
    try {
      this.media = readAudio(final.body).params;
      if (options.lateOffer)
        ackBody = offerFrom(this.rtp.local, 1, {
          codecs: [this.media.codec],
          telephoneEvent: this.media.telephoneEvent !== undefined && options.telephoneEvent !== false,
        });
    } catch (error) {
      this.note(`200 OK with unusable SDP: ${(error as Error).message}`);
    }
    this.endpoint.send(this.peer, this.ack(final, ackBody));
    const event = this.media?.telephoneEvent;
    this.note(
      `200 OK: ${this.media?.codec ?? 'no audio'}${event === undefined ? ', no telephone-event' : `, telephone-event ${event}`}`,
    );
    if (this.media) {
      this.rtp.setRemote({ address: this.media.address, port: this.media.port });
      const media = this.media;
      this.rtp.onPacket((packet) => {
        if (packet.payloadType === media.payloadType)
          this.recording.add(decode(media.codec, packet.payload), this.clock.now());
      });
      const frames = new FrameClock(this.clock);
      this.offBeat = frames.subscribe((frame) => this.onFrame(frame, media));
    }
  }

  private onFrame(frame: number, media: AudioParams): void {
    const event = this.pendingKeys[0];
    if (event && media.telephoneEvent !== undefined) {
      if (event.sent === 0) event.timestamp = this.rtp.timestamp;
      event.sent += 1;
      const end = event.sent >= event.frames;
      const payload = eventPayload(eventOfKey(event.key), end, event.sent * 160);
      for (let copy = 0; copy < (end ? 3 : 1); copy++)
        this.rtp.send(media.telephoneEvent, payload, event.timestamp, event.sent === 1);
      if (end) this.pendingKeys.shift();
      return;
    }
    let pcm: Int16Array | undefined;
    if (this.inbandKey) {
      pcm = toneFrame(this.inbandKey.key, this.inbandKey.frame);
      if (++this.inbandKey.frame >= 5) this.inbandKey = undefined;
    } else pcm = this.voice?.(frame);
    this.rtp.sendAudio(media.payloadType, pcm ? encode(media.codec, pcm) : silenceFrame(media.codec));
  }

  private async info(key: string): Promise<void> {
    const signal = key === '*' ? '10' : key === '#' ? '11' : key;
    const request = this.inDialog('INFO', `Signal=${signal}\r\nDuration=160\r\n`, 'application/dtmf-relay');
    const response = await this.endpoint.request(this.peer, request).final;
    this.note(`${response.status} ${response.reason} (INFO ${key})`);
  }

  private onRequest(request: SipMessage, respond: (status: number) => void): void {
    if (request.method === 'BYE') {
      respond(200);
      this.note('BYE from Foyer');
      this.finish('foyer');
      void this.close();
      return;
    }
    respond(request.method === 'INFO' || request.method === 'OPTIONS' ? 200 : 405);
  }

  private ack(response: SipMessage, body = ''): SipMessage {
    return SipMessage.request(
      'ACK',
      this.remoteTarget || `sip:${this.options.alias}@${hostPort(this.options.to)}`,
      [
        ['Via', `SIP/2.0/${this.peer.transport.toUpperCase()} ${this.via()};branch=${newBranch()};rport`],
        ['Max-Forwards', '70'],
        ['From', `<sip:dial@${this.via()}>;tag=${this.fromTag}`],
        ['To', response.get('to') ?? ''],
        ['Call-ID', this.callId],
        ['CSeq', '1 ACK'],
        ...(body ? ([['Content-Type', 'application/sdp']] as [string, string][]) : []),
      ],
      body,
    );
  }

  private inDialog(method: string, body = '', contentType?: string): SipMessage {
    const uri = `sip:${this.options.alias}@${hostPort(this.options.to)}`;
    return SipMessage.request(
      method,
      this.remoteTarget || uri,
      [
        ['Via', `SIP/2.0/${this.peer.transport.toUpperCase()} ${this.via()};branch=${newBranch()};rport`],
        ['Max-Forwards', '70'],
        ['From', `<sip:dial@${this.via()}>;tag=${this.fromTag}`],
        ['To', `<${uri}>;tag=${this.remoteTag}`],
        ['Call-ID', this.callId],
        ['CSeq', `${++this.seq} ${method}`],
        ...(contentType ? ([['Content-Type', contentType]] as [string, string][]) : []),
      ],
      body,
    );
  }

  private via(): string {
    return hostPort({ host: this.endpoint.transport.advertisedHost, port: this.endpoint.transport.port });
  }

  private note(text: string): void {
    this.options.onEvent?.(this.atMs, text);
  }

  private finish(by: 'foyer' | 'caller'): void {
    if (this.ended) return;
    this.ended = true;
    this.endedBy = by;
    this.offBeat?.();
    this.resolveEnded(by);
  }

  private closed = false;
  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rtp.close();
    await this.endpoint.close();
  }
}

function hostPort(address: { host: string; port: number }): string {
  return `${isIPv6(address.host) ? `[${address.host}]` : address.host}:${address.port}`;
}

function addressOf(to: { host: string; port: number }): { address: string; port: number } {
  return { address: to.host === 'localhost' ? '127.0.0.1' : to.host, port: to.port };
}

/** The address to call from: loopback for a target on loopback, else this machine's first outside IPv4. */
function localAddressFor(target: string): string {
  if (/^127\./.test(target) || target === 'localhost') return '127.0.0.1';
  if (target === '::1') return '::1';
  for (const addresses of Object.values(networkInterfaces()))
    for (const address of addresses ?? []) if (!address.internal && address.family === 'IPv4') return address.address;
  return '127.0.0.1';
}
