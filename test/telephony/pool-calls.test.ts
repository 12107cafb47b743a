import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.js';
import {
  FreeswitchChannel,
  MediaServerPool,
  SipService,
  type FreeswitchChannel as Channel,
  type SipInboundCall,
} from '../../src/telephony/index.js';
import { FakeEndpoint, FakeMediaServer, FakeSrf } from './doubles.js';
import { members } from './pool-doubles.js';

const SDP =
  'v=0\r\no=a 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n';

/**
 * SipService over a pool of one server with room for one call: a call holds its place from the
 * INVITE until its handler settles, so a second caller is refused (503) until then.
 */
function poolOfOne(handle: (call: SipInboundCall) => Promise<unknown>) {
  const srf = new FakeSrf();
  const list = members('a:8021@lab/1');
  const pool = new MediaServerPool(list, silentLogger);
  new SipService({
    srf,
    host: '127.0.0.1',
    port: 9022,
    secret: 'x',
    media: { place: (call) => pool.place({ callId: call.callId, location: 'lab' }) },
    logger: silentLogger,
    draining: () => false,
    channel: { promptBase: '/p', conferenceProfile: 'foyer', logger: silentLogger, operationTimeoutMs: 1_000 },
    onCall: handle,
  }).start();
  const calls = () => pool.status()[0]!.calls;
  const server = list[0]!.node.current as FakeMediaServer;
  // FreeSWITCH's answer, which the caller's answer is made from.
  server.createEndpointImpl = () =>
    Promise.resolve(Object.assign(new FakeEndpoint(), { local: { sdp: SDP.replace('192.0.2.7', '127.0.0.1') } }));
  return { srf, calls, server };
}

/** Lets the fakes' promises run (no time passes). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A handler that answers, then waits for the call to end as the call session does. */
async function answered(call: SipInboundCall, channels: Channel[]): Promise<void> {
  const channel = await call.answer();
  if (!(channel instanceof FreeswitchChannel)) throw new Error('not a FreeSWITCH call');
  channels.push(channel);
  await channel.whenEnded;
}

describe('a call holds its place on its media server until it is over, however it ends', () => {
  it.each<[string, (channel: Channel) => void]>([
    ['the caller hangs up', (channel) => channel.dialog.emit('destroy')],
    ['the server drops the call (FreeSWITCH gone)', (channel) => channel.endpoint.emit('destroy')],
    ['Foyer hangs up', (channel) => void channel.hangup()],
  ])('%s', async (_how, end) => {
    const channels: Channel[] = [];
    const { srf, calls } = poolOfOne((call) => answered(call, channels));
    srf.receive('INVITE', SDP);
    await settle();
    expect(calls()).toBe(1);
    expect(srf.receive('INVITE', SDP).sent).toEqual([{ status: 503, headers: { 'Retry-After': '30' } }]);
    end(channels[0]!);
    await settle();
    expect(calls()).toBe(0);
  });

  it('the call is refused (unknown alias) or the caller cancels before the answer', async () => {
    const refused = poolOfOne((call) => call.reject('not_found'));
    expect(refused.srf.receive('INVITE', SDP).sent).toEqual([{ status: 404 }]);
    await settle();
    expect(refused.calls()).toBe(0);
    const canceling = poolOfOne((call) => answered(call, []));
    canceling.server.createEndpointImpl = () => new Promise(() => undefined);
    const { req } = canceling.srf.receive('INVITE', SDP);
    expect(canceling.calls()).toBe(1);
    req.emit('cancel');
    await settle();
    expect(canceling.calls()).toBe(0);
  });

  it('answering fails, the handler throws, or the offer is refused (488)', async () => {
    const failing = poolOfOne((call) => answered(call, []));
    failing.server.createEndpointImpl = () => Promise.reject(new Error('FreeSWITCH refused'));
    expect(failing.srf.receive('INVITE', SDP).sent).toEqual([]);
    await settle();
    expect(failing.calls()).toBe(0);
    const throwing = poolOfOne(() => {
      throw new Error('handler bug');
    });
    expect(throwing.srf.receive('INVITE', SDP).sent).toEqual([{ status: 500 }]);
    expect(throwing.calls()).toBe(0);
    const unacceptable = poolOfOne((call) => answered(call, []));
    expect(unacceptable.srf.receive('INVITE', 'garbage').sent).toEqual([{ status: 488 }]);
    expect(unacceptable.calls()).toBe(0);
  });
});
