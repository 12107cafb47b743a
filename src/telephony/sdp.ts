import { parse, write, type MediaDescription, type SessionDescription } from 'sdp-transform';

/** What Foyer needs to know about a caller's SDP offer. */
export interface OfferSummary {
  /** The offer restricted to its first audio stream, for the media server. */
  readonly audioOnly: string;
  /** Whether the audio stream offers telephone-event (RFC 4733 DTMF). */
  readonly telephoneEvent: boolean;
  /** Whether the audio is SRTP (RTP/SAVP or RTP/SAVPF). */
  readonly srtp: boolean;
}

/**
 * An offer Foyer cannot serve: no audio, or not SDP at all. Telephony answers it 488 (Not
 * Acceptable Here); the message says what was wrong.
 */
export class UnacceptableSdpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnacceptableSdpError';
  }
}

/** Reads a caller's offer: keeps the first usable audio stream, notes DTMF and SRTP. */
export function summariseOffer(sdp: string): OfferSummary {
  const session = parseSdp(sdp);
  const audio = firstAudio(session);
  if (!audio) throw new UnacceptableSdpError('the offer has no audio stream');
  const telephoneEvent = (audio.rtp ?? []).some((rtp) => rtp.codec.toLowerCase() === 'telephone-event');
  const audioOnly = write({ ...session, media: [audio] });
  return { audioOnly, telephoneEvent, srtp: /SAVP/.test(audio.protocol) };
}

/**
 * Builds the answer to the caller from the media server's answer to the audio-only offer: the
 * audio stream answered, every other stream of the original offer (video, data) rejected with
 * port 0, in the original order, as RFC 3264 requires.
 */
export function answerFor(originalOffer: string, mediaAnswer: string): string {
  const offer = parseSdp(originalOffer);
  const answer = parseSdp(mediaAnswer);
  const answeredAudio = answer.media.find((media) => media.type === 'audio');
  if (!answeredAudio) throw new UnacceptableSdpError('the media server answered without audio');
  const audioIndex = offer.media.indexOf(firstAudio(offer)!);
  const media = offer.media.map((offered, index): MediaDescription => (index === audioIndex ? answeredAudio : rejected(offered)));
  return write({ ...answer, media });
}

/** Whether an SDP (for example an ACK's answer to a late offer) has telephone-event for audio. */
export function hasTelephoneEvent(sdp: string): boolean {
  try {
    const audio = firstAudio(parseSdp(sdp));
    return !!audio && (audio.rtp ?? []).some((rtp) => rtp.codec.toLowerCase() === 'telephone-event');
  } catch {
    return false;
  }
}

function rejected(offered: MediaDescription): MediaDescription {
  const payload = String(offered.payloads ?? '').split(' ')[0] || '0';
  return { type: offered.type, port: 0, protocol: offered.protocol, payloads: payload, rtp: [], fmtp: [] };
}

function firstAudio(session: SessionDescription): MediaDescription | undefined {
  return session.media.find((media) => media.type === 'audio' && media.port !== 0 && /RTP/.test(media.protocol));
}

function parseSdp(sdp: string): SessionDescription {
  if (typeof sdp !== 'string' || !/^v=0/m.test(sdp)) throw new UnacceptableSdpError('the body is not SDP (no v=0 line)');
  let session: SessionDescription;
  try {
    session = parse(sdp);
  } catch (error) {
    throw new UnacceptableSdpError(`the SDP cannot be parsed: ${(error as Error).message}`);
  }
  if (!Array.isArray(session.media) || session.media.length === 0) throw new UnacceptableSdpError('the SDP has no media lines');
  return session;
}
