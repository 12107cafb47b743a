import { describe, expect, it } from 'vitest';
import { FrameClock } from '../../src/embedded/media/frame-clock.js';
import { decode, encode } from '../../src/embedded/media/g711.js';
import { InbandDtmfDetector, toneFrame } from '../../src/embedded/media/inband-dtmf.js';
import { Mixer, type MixerInput } from '../../src/embedded/media/mixer.js';
import { answerFor, offerFrom, readAudio } from '../../src/embedded/media/sdp-negotiation.js';
import { eventPayload, TelephoneEventReceiver } from '../../src/embedded/media/telephone-events.js';
import { SimulatedClock } from '../../src/time/index.js';
import type { Clock } from '../../src/time/index.js';

describe('the 20 ms frame clock', () => {
  it('keeps each frame due at start + n * 20 ms however late the timers fire (no drift)', async () => {
    const simulated = new SimulatedClock();
    // Every timer fires 7 ms late, as on a busy machine.
    const late: Clock = {
      now: () => simulated.now(),
      setTimeout: (run, ms) => simulated.setTimeout(run, ms + 7),
      clearTimeout: (handle) => simulated.clearTimeout(handle),
    };
    const frames = new FrameClock(late);
    const at: number[] = [];
    const off = frames.subscribe(() => at.push(simulated.now()));
    await simulated.runUntil(1000);
    off();
    // 50 frames a second, each within 7 ms of its due time: lateness never accumulates.
    expect(at.length).toBeGreaterThanOrEqual(49);
    at.forEach((time, index) => expect(time - (index + 1) * 20).toBeLessThanOrEqual(7));
    expect(simulated.pending).toBe(0);
  });

  it('after a long stall skips the missed frames rather than sending a burst', async () => {
    const simulated = new SimulatedClock();
    let stall = 0;
    const stalling: Clock = {
      now: () => simulated.now(),
      setTimeout: (run, ms) => simulated.setTimeout(run, ms + stall),
      clearTimeout: (handle) => simulated.clearTimeout(handle),
    };
    const frames = new FrameClock(stalling);
    const seen: { frame: number; at: number }[] = [];
    frames.subscribe((frame) => {
      seen.push({ frame, at: simulated.now() });
      // The third tick is 200 ms late (a stalled event loop); the others on time.
      stall = frame === 2 ? 200 : 0;
    });
    await simulated.runUntil(400);
    const late = seen.filter(({ at }) => at === 260);
    expect(late.map(({ frame }) => frame)).toEqual([13]);
    expect(seen.at(-1)).toEqual({ frame: 20, at: 400 });
  });
});

describe('the mixer', () => {
  const frame = (value: number) => new Int16Array(160).fill(value);
  it('each member hears the others, not themselves; muted members are heard by no one', () => {
    const mixer = new Mixer();
    const [a, b, c]: MixerInput[] = [
      { muted: false, queue: [] },
      { muted: false, queue: [] },
      { muted: true, queue: [] },
    ];
    for (const input of [a!, b!, c!]) mixer.add(input);
    Mixer.push(a!, frame(100));
    Mixer.push(b!, frame(1000));
    Mixer.push(c!, frame(5000));
    expect(mixer.outputFor(a!, 1)[0]).toBe(1000);
    expect(mixer.outputFor(b!, 1)[0]).toBe(100);
    expect(mixer.outputFor(c!, 1)[0]).toBe(1100);
  });

  it('adds announcements and a private prompt, and clips to 16 bits', () => {
    const mixer = new Mixer();
    const a: MixerInput = { muted: false, queue: [], private: () => frame(20000) };
    const b: MixerInput = { muted: false, queue: [] };
    mixer.add(a);
    mixer.add(b);
    mixer.everyone = () => frame(15000);
    Mixer.push(b, frame(10000));
    expect(mixer.outputFor(a, 1)[0]).toBe(32767);
    expect(mixer.outputFor(b, 1)[0]).toBe(15000);
  });
});

describe('keys in the media', () => {
  it('RFC 4733: a press counts once at its first packet; the same key again is a new press', () => {
    const receiver = new TelephoneEventReceiver();
    const keys = [
      receiver.receive(800, eventPayload(1, false, 160)),
      receiver.receive(800, eventPayload(1, false, 320)),
      receiver.receive(800, eventPayload(1, true, 800)),
      receiver.receive(800, eventPayload(1, true, 800)),
      receiver.receive(4000, eventPayload(1, false, 160)),
      receiver.receive(8000, eventPayload(11, false, 160)),
      receiver.receive(9000, new Uint8Array(2)),
    ];
    expect(keys).toEqual(['1', undefined, undefined, undefined, '1', '#', undefined]);
  });

  it('inband: every key through G.711 is heard once per press; speech-like tones are not keys', () => {
    for (const key of '0123456789*#ABCD') {
      const detector = new InbandDtmfDetector();
      const heard: string[] = [];
      for (const codec of ['PCMU', 'PCMA'] as const) {
        for (let index = 0; index < 5; index++) {
          const found = detector.receive(decode(codec, encode(codec, toneFrame(key, index))));
          if (found) heard.push(found);
        }
        detector.receive(new Int16Array(160));
      }
      expect(heard).toEqual([key, key]);
    }
    const detector = new InbandDtmfDetector();
    const chord = (index: number) =>
      Int16Array.from({ length: 160 }, (_, sample) => {
        const t = (index * 160 + sample) / 8000;
        return Math.round(8000 * Math.sin(2 * Math.PI * 440 * t) + 3000 * Math.sin(2 * Math.PI * 1000 * t));
      });
    expect(Array.from({ length: 100 }, (_, index) => detector.receive(chord(index))).filter(Boolean)).toEqual([]);
  });
});

describe('SDP for the embedded endpoint', () => {
  const offer = (media: string, extra = '') =>
    `v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n${media}${extra}`;

  it("takes the caller's first G.711 codec and telephone-event, and rejects video with port 0", () => {
    const sdp = offer(
      'm=audio 4000 RTP/AVP 9 8 0 96\r\na=rtpmap:9 G722/8000\r\na=rtpmap:96 telephone-event/8000\r\n',
      'm=video 4002 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n',
    );
    const { sdp: answer, params } = answerFor(sdp, { address: '127.0.0.1', port: 30000 }, 1);
    expect(params).toMatchObject({
      codec: 'PCMA',
      payloadType: 8,
      telephoneEvent: 96,
      port: 4000,
      address: '192.0.2.1',
    });
    expect(answer).toContain('m=audio 30000 RTP/AVP 8 96');
    expect(answer).toContain('m=video 0 RTP/AVP 97');
  });

  it('answers hold with recvonly and c=0.0.0.0 as inactive', () => {
    const hold = answerFor(offer('m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n'), { address: '127.0.0.1', port: 1 }, 2);
    expect(hold.sdp).toContain('a=recvonly');
    expect(
      readAudio(offer('m=audio 4000 RTP/AVP 0\r\n').replace('c=IN IP4 192.0.2.1', 'c=IN IP4 0.0.0.0')).params.direction,
    ).toBe('inactive');
  });

  it('refuses offers without G.711, naming what was offered, and SRTP-only offers', () => {
    expect(() => readAudio(offer('m=audio 4000 RTP/AVP 9 18\r\n'))).toThrow(
      /neither PCMU nor PCMA \(offered: G722, G729\)/,
    );
    expect(() => readAudio(offer('m=audio 4000 RTP/SAVP 0\r\n'))).toThrow(/only SRTP/);
    expect(() => readAudio('hello')).toThrow(/not SDP/);
  });

  it("Foyer's own offer reads back as PCMU with telephone-event", () => {
    expect(readAudio(offerFrom({ address: '127.0.0.1', port: 5 }, 1)).params).toMatchObject({
      codec: 'PCMU',
      telephoneEvent: 101,
      port: 5,
    });
  });
});
