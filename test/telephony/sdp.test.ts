import { describe, expect, it } from 'vitest';
import { parse } from 'sdp-transform';
import { answerFor, hasTelephoneEvent, summariseOffer, UnacceptableSdpError } from '../../src/telephony/index.js';

const audio = (extra = '') => `v=0\r
o=caller 1 1 IN IP4 192.0.2.1\r
s=-\r
c=IN IP4 192.0.2.1\r
t=0 0\r
m=audio 4000 RTP/AVP 0 101\r
a=rtpmap:0 PCMU/8000\r
a=rtpmap:101 telephone-event/8000\r
a=fmtp:101 0-16\r
a=sendrecv\r
${extra}`;

const video = `m=video 4002 RTP/AVP 96\r
a=rtpmap:96 H264/90000\r
a=sendrecv\r
`;

const fsAnswer = `v=0\r
o=FreeSWITCH 1 1 IN IP4 127.0.0.1\r
s=FreeSWITCH\r
c=IN IP4 127.0.0.1\r
t=0 0\r
m=audio 20000 RTP/AVP 0 101\r
a=rtpmap:0 PCMU/8000\r
a=rtpmap:101 telephone-event/8000\r
a=sendrecv\r
`;

describe('SDP', () => {
  it('keeps only the audio of a video offer for FreeSWITCH, and rejects the video in the answer with port 0', () => {
    const offer = audio(video);
    const summary = summariseOffer(offer);
    expect(parse(summary.audioOnly).media.map((media) => media.type)).toEqual(['audio']);
    const answer = parse(answerFor(offer, fsAnswer));
    expect(answer.media.map((media) => [media.type, media.port])).toEqual([
      ['audio', 20000],
      ['video', 0],
    ]);
  });

  it('notes telephone-event, or its absence (inband DTMF)', () => {
    expect(summariseOffer(audio()).telephoneEvent).toBe(true);
    const noEvents = audio()
      .replace(' 0 101', ' 0')
      .replace(/a=rtpmap:101.*\r\n/, '')
      .replace(/a=fmtp:101.*\r\n/, '');
    expect(summariseOffer(noEvents).telephoneEvent).toBe(false);
    expect(hasTelephoneEvent(noEvents)).toBe(false);
    expect(hasTelephoneEvent(fsAnswer)).toBe(true);
  });

  it('reads a codec whose name is a number (sdp-transform parses it as one) without failing', () => {
    const offer = audio('').replace('a=rtpmap:101 telephone-event/8000', 'a=rtpmap:101 123/8000');
    expect(summariseOffer(offer).telephoneEvent).toBe(false);
    expect(hasTelephoneEvent(offer)).toBe(false);
  });

  it('recognises SRTP offers', () => {
    expect(summariseOffer(audio().replace('RTP/AVP', 'RTP/SAVP')).srtp).toBe(true);
    expect(summariseOffer(audio()).srtp).toBe(false);
  });

  it('refuses an offer without audio, and garbage, with a clear reason', () => {
    expect(() => summariseOffer(`v=0\r\no=x 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n${video}`)).toThrow(
      new UnacceptableSdpError('the offer has no audio stream'),
    );
    expect(() => summariseOffer('hello')).toThrow(/not SDP/);
    expect(() => summariseOffer(audio().replace('m=audio 4000', 'm=audio 0'))).toThrow(/no audio/);
  });
});
