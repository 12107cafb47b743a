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

/**
 * Audio codecs FreeSWITCH has codecs for (its codec modules), by their rtpmap names in upper
 * case. Which of them a deployment enables is FreeSWITCH's codec-prefs: an offer of a codec that
 * is known but not enabled is refused by FreeSWITCH itself, and the caller gets 488 all the same.
 */
const MEDIA_SERVER_CODECS = new Set([
  'PCMU',
  'PCMA',
  'G722',
  'OPUS',
  'G729',
  'GSM',
  'ILBC',
  'SPEEX',
  'L16',
  'AMR',
  'AMR-WB',
  'G723',
  'G726-16',
  'G726-24',
  'G726-32',
  'G726-40',
  'AAL2-G726-32',
  'G7221',
  'SILK',
  'SIREN',
]);

/** Static RTP payload types (RFC 3551) that may come without an rtpmap line. */
const STATIC_PAYLOADS: Readonly<Record<string, string>> = {
  '0': 'PCMU',
  '3': 'GSM',
  '4': 'G723',
  '8': 'PCMA',
  '9': 'G722',
  '18': 'G729',
};

/** Reads a caller's offer: keeps the first usable audio stream, notes DTMF and SRTP. */
export function summariseOffer(sdp: string): OfferSummary {
  const session = parseSdp(sdp);
  const audio = firstAudio(session);
  if (!audio) {
    const offered = session.media.filter((media) => media.type === 'audio' && media.port !== 0).flatMap(codecsOf);
    if (offered.length > 0)
      throw new UnacceptableSdpError(
        `the offer's audio has no codec the media server can use (offered: ${[...new Set(offered)].join(', ')})`,
      );
    throw new UnacceptableSdpError('the offer has no audio stream');
  }
  const telephoneEvent = audio.rtp.some((rtp) => field(rtp.codec).toLowerCase() === 'telephone-event');
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
  const offeredAudio = firstAudio(offer);
  if (!offeredAudio) throw new UnacceptableSdpError('the offer has no audio stream the media server can use');
  const audioIndex = offer.media.indexOf(offeredAudio);
  const media = offer.media.map((offered, index): MediaDescription =>
    index === audioIndex ? answeredAudio : rejected(offered),
  );
  return write({ ...answer, media });
}

/**
 * A new offer to a caller already in a call (a re-INVITE moving its media): shaped like the answer
 * it had (`answerFor` the caller's SDP, streams it did not get still rejected), with the media
 * server's new audio, and the origin of the previous SDP with its version raised, as RFC 3264
 * requires of a modified session.
 */
export function reofferFor(previous: string, callerSdp: string, mediaSdp: string): string {
  const offer = parseSdp(answerFor(callerSdp, mediaSdp));
  // sdp-transform leaves out the origin of an SDP without a valid o= line, whatever its typings say.
  const origin = parseSdp(previous).origin as SessionDescription['origin'] | undefined;
  if (!origin) return write(offer);
  return write({ ...offer, origin: { ...origin, sessionVersion: origin.sessionVersion + 1 } });
}

/** Whether two SDPs send the audio to the same place (connection address and port): nothing to tell the media server. */
export function sameAudioTarget(a: string, b: string): boolean {
  const target = (sdp: string) => {
    const session = parseSdp(sdp);
    const audio = firstAudio(session);
    return audio && `${field((audio.connection ?? session.connection)?.ip)} ${field(audio.port)}`;
  };
  const first = target(a);
  return first !== undefined && first === target(b);
}

/** Whether an SDP (for example an ACK's answer to a late offer) has telephone-event for audio. */
export function hasTelephoneEvent(sdp: string): boolean {
  try {
    const audio = firstAudio(parseSdp(sdp));
    return !!audio && audio.rtp.some((rtp) => field(rtp.codec).toLowerCase() === 'telephone-event');
  } catch {
    return false;
  }
}

function rejected(offered: MediaDescription): MediaDescription {
  const payload = field(offered.payloads).split(' ')[0] || '0';
  return { type: offered.type, port: 0, protocol: offered.protocol, payloads: payload, rtp: [], fmtp: [] };
}

/** The first audio stream that is on (port not 0), RTP, and offers a codec the media server speaks. */
function firstAudio(session: SessionDescription): MediaDescription | undefined {
  return session.media.find(
    (media) =>
      media.type === 'audio' &&
      media.port !== 0 &&
      /RTP/.test(field(media.protocol)) &&
      codecsOf(media).some((codec) => MEDIA_SERVER_CODECS.has(codec)),
  );
}

/** The codecs of a stream's payload types, in upper case; payload types without a name are left out. */
function codecsOf(media: MediaDescription): string[] {
  // sdp-transform gives every m= block an rtp list.
  const names = new Map(media.rtp.map((rtp) => [field(rtp.payload), field(rtp.codec).toUpperCase()]));
  return field(media.payloads)
    .split(/\s+/)
    .map((payload) => names.get(payload) ?? STATIC_PAYLOADS[payload])
    .filter((codec): codec is string => codec !== undefined);
}

function parseSdp(sdp: string): SessionDescription {
  if (typeof sdp !== 'string' || !/^v=0/m.test(sdp))
    throw new UnacceptableSdpError('the body is not SDP (no v=0 line)');
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

/**
 * A parsed SDP field as text. sdp-transform turns fields that look like numbers into numbers (a
 * single payload type `0`, a codec named `123`) and leaves out fields of a malformed line, whatever
 * its typings say.
 */
function field(value: string | number | undefined): string {
  return value === undefined ? '' : String(value);
}
