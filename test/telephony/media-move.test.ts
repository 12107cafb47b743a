import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaMoveMetrics, Resources } from '../../src/observability/index.js';
import { FreeswitchBridge, FreeswitchChannel, MediaServerPool, type EndpointLike } from '../../src/telephony/index.js';
import { capturedLogger } from '../helpers/captured-log.js';
import { FakeDialog, FakeEndpoint, FakeMediaServer } from './doubles.js';
import { members } from './pool-doubles.js';

const sdp = (origin: string, ip: string, port: number) =>
  `v=0\r\no=${origin} 5 5 IN IP4 ${ip}\r\ns=-\r\nc=IN IP4 ${ip}\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n`;

/** The caller's offer, and what FreeSWITCH B (where its IVR leg is) and A (the conference's host) answer. */
const CALLER = sdp('caller', '192.0.2.10', 4000);
const ON_B = sdp('FreeSWITCH', '127.0.0.1', 25000);
const ON_A = sdp('FreeSWITCH', '127.0.0.1', 20002);

/**
 * A pool of three servers (a and b in london, c in newyork) with one room hosted on a: its first
 * caller is on a. The second caller's call is on `on`, with the caller's offer and the answer it got.
 */
async function roomOnA(on: 'b:8021' | 'c:8021' | 'a:8021' = 'b:8021', callerSdp = CALLER) {
  vi.useFakeTimers();
  const log = capturedLogger();
  const resources = new Resources();
  const registry = new Registry();
  const list = members('a:8021@london', 'b:8021@london', 'c:8021@newyork');
  const pool = new MediaServerPool(list, log.logger);
  const server = (address: string) =>
    list.find((member) => member.address === address)!.node.current as FakeMediaServer;
  const [a, from] = [server('a:8021'), server(on)];
  const options = {
    promptBase: '/p',
    conferenceProfile: 'foyer',
    logger: log.logger,
    operationTimeoutMs: 1_000,
    resources,
  };
  const bridge = new FreeswitchBridge({
    ...options,
    mediaServer: () => a,
    placeOf: (candidate) => pool.memberOf(candidate),
    moves: new MediaMoveMetrics([registry]),
    moved: (callId, to) => pool.moved(callId, to),
  });
  const conference = await bridge.create('foyer-room-1-1');
  pool.place({ callId: 'first', location: 'london', prefer: a });
  await conference.add(
    new FreeswitchChannel('first', new FakeDialog(), new FakeEndpoint('fs-a-1', ON_A), { ...options, mediaServer: a }),
    {
      moderator: true,
      muted: false,
    },
  );
  const placement = pool.place({ callId: 'call-2', location: 'london', prefer: from })!;
  const dialog = Object.assign(new FakeDialog(), { local: { sdp: ON_B }, remote: { sdp: callerSdp } });
  const old = new FakeEndpoint('fs-old', ON_B);
  const channel = new FreeswitchChannel('call-2', dialog, old, { ...options, mediaServer: from });
  const keys: string[] = [];
  const ends: string[] = [];
  channel.on('dtmf', (key) => keys.push(key));
  channel.on('hangup', () => ends.push('hangup'));
  channel.on('failure', () => ends.push('failure'));
  const fresh = new FakeEndpoint('fs-new', ON_A.replace('20002', '20004'));
  a.createEndpointImpl = () => Promise.resolve(fresh);
  const moves = async () => {
    const counter = (await registry.getSingleMetric('foyer_media_moves_total')!.get()).values;
    return Object.fromEntries(counter.map((value) => [String(value.labels.result), value.value]));
  };
  const calls = () => Object.fromEntries(pool.status().map((status) => [status.address, status.calls]));
  const join = () => conference.add(channel, { moderator: false, muted: false });
  return { a, from, dialog, old, fresh, channel, keys, ends, resources, log, moves, calls, placement, join };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("moving a caller's media to the FreeSWITCH hosting its conference", () => {
  it('a caller on another server of the same location is moved to the host, then hears and is heard there', async () => {
    const { a, from, dialog, old, fresh, channel, keys, ends, resources, log, moves, calls, placement, join } =
      await roomOnA();
    await join();
    // The host got a channel for the caller's own SDP; the caller was re-INVITEd to it.
    expect(a.created.at(-1)).toEqual({ remoteSdp: expect.stringContaining('c=IN IP4 192.0.2.10') as unknown });
    expect(dialog.reinvites).toHaveLength(1);
    expect(dialog.reinvites[0]).toMatch(/m=audio 20004 /);
    // Same origin as the answer the caller had, one version later (RFC 3264).
    expect(dialog.reinvites[0]).toMatch(/o=FreeSWITCH 5 6 IN IP4/);
    // The caller's answer sends to where it did: the new channel needs no update.
    expect(fresh.modified).toEqual([]);
    expect(old.destroyed).toBe(1);
    expect(channel.mediaServer).toBe(a);
    expect(from.created).toEqual([]);
    expect(fresh.joins.map((entry) => entry.conference)).toEqual(['foyer-room-1-1']);
    expect(old.joins).toEqual([]);
    expect(await moves()).toEqual({ moved: 1, failed: 0 });
    expect(calls()).toEqual({ 'a:8021': 2, 'b:8021': 0, 'c:8021': 0 });
    expect(log.lines().find((line) => line.event === 'media_moved')).toMatchObject({
      callId: 'call-2',
      from: 'b:8021',
      to: 'a:8021',
    });
    expect(resources.heldBy('call-2')).toEqual({ channels: 1, endpoints: 1, members: 1 });

    // The old channel's end is not the call's; keys come from the new one.
    old.emit('destroy');
    old.emit('dtmf', { dtmf: '1', source: 'RTP' });
    fresh.emit('dtmf', { dtmf: '5', source: 'RTP' });
    expect(keys).toEqual(['5']);
    expect(ends).toEqual([]);

    dialog.emit('destroy');
    dialog.emit('destroy');
    await vi.advanceTimersByTimeAsync(0);
    expect(ends).toEqual(['hangup']);
    expect(fresh.destroyed).toBe(1);
    expect(resources.heldBy('call-2')).toEqual({});
    placement.release();
    expect(calls()).toEqual({ 'a:8021': 1, 'b:8021': 0, 'c:8021': 0 });
  });

  it('a caller whose answer sends its audio elsewhere has the new channel told so', async () => {
    const { dialog, fresh, join } = await roomOnA();
    const moved = CALLER.replace('4000', '4100');
    dialog.modifyImpl = () => Promise.resolve(moved);
    await join();
    expect(fresh.modified).toEqual([moved]);
  });

  it('a caller on the host already is not moved', async () => {
    const { a, dialog, old, moves, join } = await roomOnA('a:8021');
    await join();
    expect(a.created).toEqual([]);
    expect(dialog.reinvites).toEqual([]);
    expect(old.joins).toHaveLength(1);
    expect(await moves()).toEqual({ moved: 0, failed: 0 });
  });

  it('a caller in another location is not moved: it joins where it is, with the split warned about', async () => {
    const { a, from, dialog, old, channel, log, moves, join } = await roomOnA('c:8021');
    await join();
    expect(a.created).toEqual([]);
    expect(dialog.reinvites).toEqual([]);
    expect(old.joins).toHaveLength(1);
    expect(channel.mediaServer).toBe(from);
    expect(await moves()).toEqual({ moved: 0, failed: 0 });
    expect(log.lines().find((line) => line.event === 'conference_split')).toMatchObject({
      from: 'c:8021',
      to: 'a:8021',
    });
  });
});

type Setup = Awaited<ReturnType<typeof roomOnA>>;

/** Each way a move fails: the reason logged, what makes it fail, how long to wait, the channels created on the host. */
const failures: [string, string, (setup: Setup) => void, number, number][] = [
  [
    'the host refuses the channel',
    'target_refused',
    ({ a }) => (a.createEndpointImpl = () => Promise.reject(new Error('488'))),
    0,
    0,
  ],
  [
    'the host does not answer',
    'timeout',
    ({ a }) => (a.createEndpointImpl = () => new Promise<EndpointLike>(() => undefined)),
    1_000,
    0,
  ],
  [
    'the caller refuses the re-INVITE',
    'caller_refused',
    ({ dialog }) =>
      (dialog.modifyImpl = () => Promise.reject(Object.assign(new Error('Not Acceptable Here'), { status: 488 }))),
    0,
    1,
  ],
  [
    'the caller does not answer the re-INVITE',
    'timeout',
    ({ dialog }) => (dialog.modifyImpl = () => new Promise(() => undefined)),
    1_000,
    1,
  ],
  [
    "the new channel refuses the caller's answer",
    'update_refused',
    ({ dialog, fresh }) => {
      dialog.modifyImpl = (offer) => Promise.resolve(offer.includes('20004') ? CALLER.replace('4000', '4100') : CALLER);
      fresh.modifyImpl = () => Promise.reject(new Error('FreeSWITCH said no'));
    },
    0,
    1,
  ],
];

describe('a move that fails leaves the call on its old server, and nothing on the host', () => {
  it.each(failures)('%s', async (_name, reason, arrange, wait, released) => {
    const setup = await roomOnA();
    arrange(setup);
    const { a, dialog, old, fresh, channel, keys, ends, resources, log, moves, calls, join } = setup;
    const joining = join();
    await vi.advanceTimersByTimeAsync(wait);
    await joining;
    expect(channel.mediaServer).toBe(setup.from);
    expect(old.destroyed).toBe(0);
    expect(old.joins).toHaveLength(1);
    // What the host made for the caller is released (a channel that never came needs nothing).
    expect(fresh.destroyed).toBe(released);
    expect(a.created).toHaveLength(1);
    expect(dialog.local.sdp).toMatch(/m=audio 25000 /);
    expect(await moves()).toEqual({ moved: 0, failed: 1 });
    expect(calls()).toEqual({ 'a:8021': 1, 'b:8021': 1, 'c:8021': 0 });
    expect(log.lines().find((line) => line.event === 'media_move_failed')).toMatchObject({ reason, callId: 'call-2' });
    expect(log.lines().find((line) => line.event === 'conference_split')).toMatchObject({
      from: 'b:8021',
      to: 'a:8021',
    });
    expect(resources.heldBy('call-2')).toEqual({ channels: 1, endpoints: 1, members: 1 });
    old.emit('dtmf', { dtmf: '7', source: 'RTP' });
    expect(keys).toEqual(['7']);
    dialog.emit('destroy');
    await vi.advanceTimersByTimeAsync(0);
    expect(ends).toEqual(['hangup']);
    expect(resources.heldBy('call-2')).toEqual({});
  });

  it('after the update fails, the caller is offered its old channel back', async () => {
    const setup = await roomOnA();
    failures[4]![2](setup);
    await setup.join();
    expect(setup.dialog.reinvites.map((offer) => /m=audio (\d+)/.exec(offer)?.[1])).toEqual(['20004', '25000']);
    expect(setup.dialog.reinvites[1]).toMatch(/o=FreeSWITCH 5 7 /);
  });

  it('a channel the host makes after the move gave up on it is released when it comes', async () => {
    const setup = await roomOnA();
    setup.a.createEndpointImpl = () => new Promise((resolve) => setTimeout(() => resolve(setup.fresh), 2_000));
    const joining = setup.join();
    await vi.advanceTimersByTimeAsync(1_000);
    await joining;
    expect(setup.old.joins).toHaveLength(1);
    expect(setup.fresh.destroyed).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(setup.fresh.destroyed).toBe(1);
    expect(setup.dialog.reinvites).toEqual([]);
  });

  it('a re-INVITE the caller accepts after the move gave up is followed by one back to the old channel', async () => {
    const setup = await roomOnA();
    let accept: (answer: string) => void = () => undefined;
    setup.dialog.modifyImpl = () => new Promise((resolve) => (accept = resolve));
    const joining = setup.join();
    await vi.advanceTimersByTimeAsync(1_000);
    await joining;
    setup.dialog.modifyImpl = () => Promise.resolve(CALLER);
    accept(CALLER);
    await vi.advanceTimersByTimeAsync(0);
    expect(setup.dialog.reinvites.map((offer) => /m=audio (\d+)/.exec(offer)?.[1])).toEqual(['20004', '25000']);
  });

  it('an SRTP caller (its leg made by connectCaller) is not moved, and the log says why', async () => {
    const srtp =
      CALLER.replace('RTP/AVP', 'RTP/SAVP') +
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n';
    const { a, dialog, old, moves, log, join } = await roomOnA('b:8021', srtp);
    await join();
    expect(a.created).toEqual([]);
    expect(dialog.reinvites).toEqual([]);
    expect(old.joins).toHaveLength(1);
    expect(await moves()).toEqual({ moved: 0, failed: 1 });
    expect(String(log.lines().find((line) => line.event === 'media_move_failed')?.msg)).toMatch(/SRTP.*connectCaller/);
  });

  it('a caller who hangs up during the move is released everywhere, and the join goes no further', async () => {
    const { dialog, old, fresh, ends, resources, moves, join } = await roomOnA();
    dialog.modifyImpl = () => new Promise(() => undefined);
    const joining = join();
    await vi.advanceTimersByTimeAsync(0);
    dialog.emit('destroy');
    await expect(joining).rejects.toThrow(/call has ended/);
    expect(ends).toEqual(['hangup']);
    expect(old.destroyed).toBe(1);
    expect(fresh.destroyed).toBe(1);
    expect(await moves()).toEqual({ moved: 0, failed: 0 });
    expect(resources.heldBy('call-2')).toEqual({});
  });
});
