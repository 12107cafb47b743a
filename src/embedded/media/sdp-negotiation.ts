import { parse, write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { UnacceptableSdpError } from '../../telephony/sdp.js';

export type Codec = 'PCMU' | 'PCMA';
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The audio both sides agreed on, from one side's view. */
export interface AudioParams {
  readonly codec: Codec;
  readonly payloadType: number;
  /** Payload type of RFC 4733 telephone-event, when both sides have it. */
  readonly telephoneEvent: number | undefined;
  /** Where the other side wants its RTP. */
  readonly address: string;
  readonly port: number;
  /** The direction from the other side's view, as it wrote it. */
  readonly direction: Direction;
}

/** What Foyer offers or answers from. */
export interface LocalMedia {
  readonly address: string;
  readonly port: number;
}

/** Static payload types (RFC 3551) that may come without an rtpmap line. */
const STATIC: Readonly<Record<number, string>> = { 0: 'PCMU', 3: 'GSM', 4: 'G723', 8: 'PCMA', 9: 'G722', 18: 'G729' };
const DEFAULT_EVENT_PT = 101;

/** Reads the first usable audio stream of an offer or answer: G.711 over plain RTP. */
export function readAudio(sdp: string): { params: AudioParams; session: SessionDescription; index: number } {
  const session = parseSdp(sdp);
  const offered = session.media.filter((media) => media.type === 'audio' && media.port !== 0);
  if (offered.length === 0) throw new UnacceptableSdpError('the SDP has no audio stream');
  for (const media of offered) {
    if (!/^RTP\/AVPF?$/i.test(media.protocol)) continue;
    const chosen = payloads(media)
      .map((payloadType) => ({ payloadType, codec: codecOf(media, payloadType) }))
      .find((entry): entry is { payloadType: number; codec: Codec } => entry.codec !== undefined);
    if (!chosen) continue;
    const event = rtpMaps(media).find(
      (rtp) => rtp.codec.toLowerCase() === 'telephone-event' && (rtp.rate ?? 8000) === 8000,
    );
    const address = media.connection?.ip ?? session.connection?.ip ?? '';
    const direction = media.direction ?? session.direction ?? 'sendrecv';
    const params: AudioParams = {
      ...chosen,
      telephoneEvent: event?.payload,
      address,
      port: media.port,
      // The old way of holding: c=0.0.0.0.
      direction: address === '0.0.0.0' ? 'inactive' : direction,
    };
    return { params, session, index: session.media.indexOf(media) };
  }
  const codecs = offered.flatMap((media) => payloads(media).map((payload) => codecName(media, payload)));
  if (offered.every((media) => /SAVP/i.test(media.protocol)))
    throw new UnacceptableSdpError('the offer has only SRTP audio, which the embedded endpoint does not serve');
  throw new UnacceptableSdpError(
    `the offer's audio has neither PCMU nor PCMA (offered: ${[...new Set(codecs)].join(', ') || 'nothing'})`,
  );
}

/** Foyer's answer: the chosen audio stream answered, every other stream rejected with port 0 (RFC 3264). */
export function answerFor(offer: string, local: LocalMedia, version: number): { sdp: string; params: AudioParams } {
  const { params, session, index } = readAudio(offer);
  const audio: MediaDescription = {
    type: 'audio',
    port: local.port,
    protocol: 'RTP/AVP',
    payloads: [params.payloadType, ...(params.telephoneEvent === undefined ? [] : [params.telephoneEvent])].join(' '),
    rtp: [
      { payload: params.payloadType, codec: params.codec, rate: 8000 },
      ...(params.telephoneEvent === undefined
        ? []
        : [{ payload: params.telephoneEvent, codec: 'telephone-event', rate: 8000 }]),
    ],
    fmtp: params.telephoneEvent === undefined ? [] : [{ payload: params.telephoneEvent, config: '0-16' }],
    ptime: 20,
    direction: answerDirection(params.direction),
  };
  const media = session.media.map((offered, position) => (position === index ? audio : rejected(offered)));
  return { sdp: write({ ...header(local, version), media }), params };
}

/** What an offer carries: both G.711 codecs and telephone-event unless told otherwise. */
export interface OfferChoices {
  readonly codecs?: readonly Codec[];
  readonly telephoneEvent?: boolean;
  readonly direction?: Direction;
}

/** Foyer's offer (a late-offer INVITE's 200, or the dialer's INVITE): PCMU, PCMA and telephone-event. */
export function offerFrom(local: LocalMedia, version: number, choices: OfferChoices = {}): string {
  const codecs = choices.codecs ?? ['PCMU', 'PCMA'];
  const event = choices.telephoneEvent ?? true;
  const types = codecs.map(payloadTypeOf);
  const audio: MediaDescription = {
    type: 'audio',
    port: local.port,
    protocol: 'RTP/AVP',
    payloads: [...types, ...(event ? [DEFAULT_EVENT_PT] : [])].join(' '),
    rtp: [
      ...codecs.map((codec) => ({ payload: payloadTypeOf(codec), codec, rate: 8000 })),
      ...(event ? [{ payload: DEFAULT_EVENT_PT, codec: 'telephone-event', rate: 8000 }] : []),
    ],
    fmtp: event ? [{ payload: DEFAULT_EVENT_PT, config: '0-16' }] : [],
    ptime: 20,
    direction: choices.direction ?? 'sendrecv',
  };
  return write({ ...header(local, version), media: [audio] });
}

/** How Foyer answers a direction: a caller who only sends (hold) is only listened to, and so on. */
export function answerDirection(offered: Direction): Direction {
  if (offered === 'sendonly') return 'recvonly';
  if (offered === 'recvonly') return 'sendonly';
  return offered;
}

function header(local: LocalMedia, version: number): SessionDescription {
  const ipVer = local.address.includes(':') ? 6 : 4;
  return {
    version: 0,
    origin: { username: 'foyer', sessionId: 1, sessionVersion: version, netType: 'IN', ipVer, address: local.address },
    name: 'Foyer',
    connection: { version: ipVer, ip: local.address },
    timing: { start: 0, stop: 0 },
    media: [],
  };
}

function rejected(offered: MediaDescription): MediaDescription {
  const payload = payloadText(offered).split(' ')[0] || '0';
  return { type: offered.type, port: 0, protocol: offered.protocol, payloads: payload, rtp: [], fmtp: [] };
}

function payloads(media: MediaDescription): number[] {
  return payloadText(media)
    .split(/\s+/)
    .filter((text) => /^\d+$/.test(text))
    .map(Number);
}

function codecOf(media: MediaDescription, payloadType: number): Codec | undefined {
  const name = codecName(media, payloadType).toUpperCase();
  const rate = rtpMaps(media).find((rtp) => rtp.payload === payloadType)?.rate ?? 8000;
  return (name === 'PCMU' || name === 'PCMA') && rate === 8000 ? name : undefined;
}

function codecName(media: MediaDescription, payloadType: number): string {
  return rtpMaps(media).find((rtp) => rtp.payload === payloadType)?.codec ?? STATIC[payloadType] ?? String(payloadType);
}

function parseSdp(sdp: string): SessionDescription {
  if (!/^v=0/m.test(sdp)) throw new UnacceptableSdpError('the body is not SDP (no v=0 line)');
  let session: SessionDescription;
  try {
    session = parse(sdp);
  } catch (error) {
    throw new UnacceptableSdpError(`the SDP cannot be parsed: ${(error as Error).message}`);
  }
  if (!Array.isArray(session.media) || session.media.length === 0)
    throw new UnacceptableSdpError('the SDP has no media lines');
  return session;
}

/** The a=rtpmap lines of `media` (none when it has none). */
function rtpMaps(media: MediaDescription): MediaDescription['rtp'] {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- sdp-transform types rtp as always there, but its parser creates it only at the first a=rtpmap line
  return media.rtp ?? [];
}

/** G.711's static payload types (RFC 3551). */
function payloadTypeOf(codec: Codec): number {
  return codec === 'PCMU' ? 0 : 8;
}

/** The m= line's payload types as text: sdp-transform types them as a string, but gives a number for just one. */
function payloadText(media: MediaDescription): string {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- a number at run time (see above)
  return String(media.payloads ?? '');
}
