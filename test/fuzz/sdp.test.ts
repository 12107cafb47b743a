import fc from 'fast-check';
import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.js';
import {
  answerFor,
  hasTelephoneEvent,
  SipService,
  summariseOffer,
  UnacceptableSdpError,
} from '../../src/telephony/index.js';
import { FakeMediaServer, FakeSrf } from '../telephony/doubles.js';
import { editText, nastyText, params, textEdit } from '../helpers/fuzz.js';

interface Codec {
  readonly pt: number;
  /** The rtpmap name; none for a static payload type written bare. */
  readonly name: string | null;
}
interface Stream {
  readonly type: string;
  readonly port: number;
  readonly protocol: string;
  readonly codecs: readonly Codec[];
}

const KNOWN = new Set(['PCMU', 'PCMA', 'G722', 'OPUS']);
const STATIC_KNOWN = new Set([0, 8, 9]);

const codec: fc.Arbitrary<Codec> = fc.oneof(
  fc.record({ pt: fc.constantFrom(0, 8, 9), name: fc.constant(null) }),
  fc.record({ pt: fc.constantFrom(13, 34, 97), name: fc.constant(null) }),
  fc.record({
    pt: fc.integer({ min: 96, max: 127 }),
    name: fc.constantFrom('opus', 'PCMU', 'G722', 'telephone-event', 'CN', 'FANCY', 'x-unknown', 'H264', 'red'),
  }),
);
const stream: fc.Arbitrary<Stream> = fc.record({
  type: fc.constantFrom('audio', 'audio', 'video', 'application', 'image', 'text'),
  port: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 65_535 })),
  protocol: fc.constantFrom('RTP/AVP', 'RTP/SAVP', 'RTP/AVPF', 'UDP/TLS/RTP/SAVPF', 'udptl', 'TCP/MSRP', 'RTP/AVP/TCP'),
  codecs: fc.uniqueArray(codec, { selector: (c) => c.pt, minLength: 1, maxLength: 5 }),
});

function sdpOf(streams: readonly Stream[]): string {
  const lines = ['v=0', 'o=caller 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0'];
  for (const media of streams) {
    lines.push(`m=${media.type} ${media.port} ${media.protocol} ${media.codecs.map((c) => c.pt).join(' ')}`);
    for (const c of media.codecs)
      if (c.name) lines.push(`a=rtpmap:${c.pt} ${c.name}/${c.name === 'opus' ? '48000/2' : '8000'}`);
    lines.push('a=sendrecv');
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The stream Foyer must serve: the first audio stream that is on, RTP, with a codec the media server speaks. */
function usable(streams: readonly Stream[]): number {
  return streams.findIndex(
    (media) =>
      media.type === 'audio' &&
      media.port !== 0 &&
      /RTP/.test(media.protocol) &&
      media.codecs.some((c) => (c.name ? KNOWN.has(c.name.toUpperCase()) : STATIC_KNOWN.has(c.pt))),
  );
}

const FS_ANSWER =
  'v=0\r\no=FreeSWITCH 1 1 IN IP4 127.0.0.1\r\ns=FreeSWITCH\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n' +
  'm=audio 20000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n';

/** Runs an SDP function on input that may be garbage: a result, or UnacceptableSdpError. */
function servesOrRefuses<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (error instanceof UnacceptableSdpError) return undefined;
    throw error;
  }
}

describe('any SDP offer: served with its first usable audio stream, or refused with UnacceptableSdpError (488)', () => {
  it('generated offers: audio, video, data, off, SRTP, known and unknown codecs', () => {
    fc.assert(
      fc.property(fc.array(stream, { minLength: 1, maxLength: 5 }), (streams) => {
        const offer = sdpOf(streams);
        const index = usable(streams);
        const summary = servesOrRefuses(() => summariseOffer(offer));
        expect(summary !== undefined, `served: ${offer}`).toBe(index >= 0);
        if (!summary) return;
        const chosen = streams[index]!;
        expect(summary.srtp).toBe(/SAVP/.test(chosen.protocol));
        expect(summary.telephoneEvent).toBe(chosen.codecs.some((c) => c.name === 'telephone-event'));
        expect(parse(summary.audioOnly).media.map((media) => media.type)).toEqual(['audio']);
        const answer = parse(answerFor(offer, FS_ANSWER));
        expect(answer.media.map((media) => media.type)).toEqual(streams.map((media) => media.type));
        expect(answer.media.map((media) => media.port)).toEqual(streams.map((_, at) => (at === index ? 20000 : 0)));
      }),
      params(300),
    );
  });

  it('garbage and mutated offers: never anything but a summary or UnacceptableSdpError', () => {
    const mutated = fc
      .tuple(fc.array(stream, { minLength: 1, maxLength: 3 }), fc.array(textEdit, { minLength: 1, maxLength: 4 }))
      .map(([streams, edits]) => editText(sdpOf(streams).replace(/\r\n/g, '\n'), edits));
    fc.assert(
      fc.property(
        fc.oneof(
          mutated,
          nastyText,
          nastyText.map((text) => `v=0\n${text}`),
        ),
        (offer) => {
          servesOrRefuses(() => summariseOffer(offer));
          servesOrRefuses(() => answerFor(offer, FS_ANSWER));
          servesOrRefuses(() => answerFor(FS_ANSWER, offer));
          expect(typeof hasTelephoneEvent(offer)).toBe('boolean');
        },
      ),
      params(400),
    );
  });

  it('an INVITE with any body: 488 when the offer cannot be served, otherwise a call; never 500, never an exception', () => {
    const srf = new FakeSrf();
    let calls = 0;
    new SipService({
      srf,
      host: '127.0.0.1',
      port: 9022,
      secret: 'x',
      media: { current: new FakeMediaServer() },
      logger: silentLogger,
      draining: () => false,
      channel: { promptBase: '/p', conferenceProfile: 'foyer', logger: silentLogger, operationTimeoutMs: 1000 },
      onCall: () => void (calls += 1),
    }).start();
    const body = fc.oneof(
      fc.array(stream, { minLength: 1, maxLength: 3 }).map(sdpOf),
      nastyText,
      fc
        .tuple(fc.array(stream, { minLength: 1, maxLength: 3 }), fc.array(textEdit, { maxLength: 3 }))
        .map(([streams, edits]) => editText(sdpOf(streams), edits)),
    );
    fc.assert(
      fc.property(body, (text) => {
        const before = calls;
        const { sent } = srf.receive('INVITE', text);
        const served = text.trim() === '' || servesOrRefuses(() => summariseOffer(text)) !== undefined;
        expect(sent.map((response) => response.status)).toEqual(served ? [] : [488]);
        expect(calls - before).toBe(served ? 1 : 0);
      }),
      params(300),
    );
  });
});
