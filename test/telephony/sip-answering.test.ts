import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallerGoneError } from '../../src/calls/index.js';
import { Resources, silentLogger } from '../../src/observability/index.js';
import { SipInboundCall, SipService, type EndpointLike } from '../../src/telephony/index.js';
import { FakeEndpoint, FakeMediaServer, FakeSrf } from './doubles.js';

const sdp = (media: string) => `v=0\r\no=caller 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n${media}`;
const FS_ANSWER = sdp(
  'm=audio 20000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n',
).replace('caller', 'FreeSWITCH');
const PCMU = sdp('m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n');

function service() {
  const srf = new FakeSrf();
  const mediaServer = new FakeMediaServer();
  const resources = new Resources();
  const calls: SipInboundCall[] = [];
  const sip = new SipService({
    srf,
    host: '127.0.0.1',
    port: 9022,
    secret: 'x',
    media: { current: mediaServer },
    logger: silentLogger,
    draining: () => false,
    channel: {
      promptBase: '/prompts',
      conferenceProfile: 'foyer',
      logger: silentLogger,
      operationTimeoutMs: 1_000,
      resources,
    },
    onCall: (call) => calls.push(call),
  });
  sip.start();
  return { srf, mediaServer, calls, resources };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SIP: offers Foyer cannot serve are answered 488', () => {
  it.each([
    ['an offer without audio (video only)', sdp('m=video 4002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n')],
    ['an offer whose audio is switched off (port 0)', sdp('m=audio 0 RTP/AVP 0\r\n')],
    [
      'an offer of codecs nobody knows',
      sdp('m=audio 4000 RTP/AVP 96 101\r\na=rtpmap:96 FANCY/48000\r\na=rtpmap:101 telephone-event/8000\r\n'),
    ],
    ['a body that is not SDP', 'hello, I am not SDP'],
    ['an SDP with no media lines', sdp('')],
  ])('%s: 488, and no call is started', (_name, body) => {
    const { srf, calls } = service();
    const { sent } = srf.receive('INVITE', body, { 'Content-Type': 'application/sdp' });
    expect(sent.map((response) => response.status)).toEqual([488]);
    expect(calls).toHaveLength(0);
  });

  it('an offer with a usable audio stream starts a call', () => {
    const { srf, calls } = service();
    const { sent } = srf.receive('INVITE', PCMU);
    expect(sent).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('FreeSWITCH refusing the offer (488 to its INVITE) gives the caller 488', async () => {
    const { srf, mediaServer, calls, resources } = service();
    mediaServer.createEndpointImpl = () =>
      Promise.reject(Object.assign(new Error('Incompatible destination'), { status: 488 }));
    const { sent } = srf.receive('INVITE', PCMU);
    await expect(calls[0]!.answer()).rejects.toThrow(/Incompatible/);
    expect(sent.map((response) => response.status)).toEqual([488]);
    expect(resources.holders()).toEqual({});
  });
});

describe('SIP: answering a call never hangs on FreeSWITCH', () => {
  it('an endpoint FreeSWITCH never creates: 503 after the timeout; one that arrives late is released', async () => {
    vi.useFakeTimers();
    const { srf, mediaServer, calls, resources } = service();
    let deliver: ((endpoint: EndpointLike) => void) | undefined;
    mediaServer.createEndpointImpl = () => new Promise((resolve) => (deliver = resolve));
    const { sent } = srf.receive('INVITE', PCMU);
    const answering = calls[0]!.answer();
    const failed = expect(answering).rejects.toThrow(/did not answer within 1000 ms/);
    await vi.advanceTimersByTimeAsync(1_000);
    await failed;
    expect(sent.map((response) => response.status)).toEqual([503]);
    const late = new FakeEndpoint();
    deliver!(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.destroyed).toBe(1);
    expect(resources.holders()).toEqual({});
  });

  it('a caller who cancels while FreeSWITCH is slow is let go at once, and gets no second final response', async () => {
    const { srf, mediaServer, calls } = service();
    mediaServer.createEndpointImpl = () => new Promise(() => undefined);
    const { req, sent } = srf.receive('INVITE', PCMU);
    const answering = calls[0]!.answer();
    req.emit('cancel');
    await expect(answering).rejects.toBeInstanceOf(CallerGoneError);
    expect(sent).toEqual([]);
  });

  it('an answered call holds one channel and one endpoint until it ends', async () => {
    const { srf, mediaServer, calls, resources } = service();
    mediaServer.createEndpointImpl = () =>
      Promise.resolve(Object.assign(new FakeEndpoint(), { local: { sdp: FS_ANSWER } }));
    srf.receive('INVITE', PCMU);
    const channel = await calls[0]!.answer();
    expect(resources.totals()).toMatchObject({ channels: 1, endpoints: 1 });
    await channel.hangup();
    expect(resources.holders()).toEqual({});
  });
});
