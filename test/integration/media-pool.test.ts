import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FreeswitchCli } from './freeswitch-cli.js';
import { eventually, servers, sleep, startTestFoyer, type TestCaller, type TestFoyer } from './harness.js';
import { haveSipp, infoDtmfScenario, runSipp } from './sipp.js';
import { reinvitedCallerScenario } from './sipp-reinvite.js';

/** FreeSWITCH B (FOYER_IT_FREESWITCH_STOCK): the pool's second server. */
const second = process.env.FOYER_IT_FREESWITCH_STOCK;

if (!servers || !second)
  console.warn(
    'MEDIA SERVER POOL INTEGRATION TESTS SKIPPED: set FOYER_IT_DRACHTIO, FOYER_IT_FREESWITCH, FOYER_IT_FREESWITCH_STOCK (a second FreeSWITCH) and FOYER_IT_SIP to run Foyer with both FreeSWITCH servers in its pool',
  );

/**
 * A TCP relay in front of B's event socket: closing it is B's control connection going away
 * (as when B stops), without stopping a FreeSWITCH other tests share; listening again is B back.
 */
class EventSocketRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly target: number,
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target, this.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

interface ServerHealth {
  readonly address: string;
  readonly state: string;
  readonly calls: number;
  readonly location: string;
}

describe.runIf(servers && second)('a pool of two FreeSWITCH servers (real servers)', () => {
  const [hostB = '', portB = '', ...secretB] = (second ?? '').split(':');
  const relay = new EventSocketRelay(hostB, Number(portB));
  let it_: TestFoyer;
  let fsB: FreeswitchCli;
  let healthUrl: string;
  const callers: TestCaller[] = [];

  const health = async () =>
    (await (await fetch(healthUrl)).json()) as { ok: boolean; freeswitch: { state: string; servers: ServerHealth[] } };
  const serverB = () => `127.0.0.1:${relay.port}`;
  const metrics = async () => (await fetch(healthUrl.replace('/health', '/metrics'))).text();
  const byAddress = async () =>
    Object.fromEntries((await health()).freeswitch.servers.map((server) => [server.address, server]));
  /** Foyer's legs on B: every channel B has (the callers are placed from A). */
  const legsOnB = () => fsB.channelCount();
  const callReception = async (count: number) => {
    for (let index = 0; index < count; index += 1) callers.push(await it_.call('8000'));
  };

  /** A caller to the reception keys a room, then its PIN, each once its prompt has started. */
  const throughReception = async (room: string, pin: string) => {
    const caller = await it_.call('8000');
    callers.push(caller);
    await sleep(2500);
    await caller.sendDtmf(room);
    await sleep(4000);
    await caller.sendDtmf(pin);
  };

  beforeAll(async () => {
    await relay.open();
    const [first] = servers!.freeswitch.split(',');
    it_ = await startTestFoyer('freeswitch', {
      overrides: { freeswitch: `${first}@lab,${serverB()}:${secretB.join(':')}@lab` },
    });
    fsB = await FreeswitchCli.connect(hostB, Number(portB), secretB.join(':'));
    healthUrl = `http://127.0.0.1:${(it_.foyer.http.address() as AddressInfo).port}/health`;
    await eventually('both servers connected', async () =>
      (await health()).freeswitch.servers.every((server) => ['connected', 'degraded'].includes(server.state)),
    );
  }, 60_000);

  afterAll(async () => {
    for (const caller of callers.splice(0)) await caller.hangup().catch(() => undefined);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed
    await it_?.stop();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed
    fsB?.close();
    await relay.close();
  });

  it('spreads four callers to the reception over both servers, two legs on each', async () => {
    await callReception(4);
    const spread = await eventually('two calls on each server', async () => {
      const list = await byAddress();
      return Object.values(list).every((server) => server.calls === 2) && list;
    });
    expect(Object.keys(spread)).toHaveLength(2);
    await eventually('two legs on B', async () => (await legsOnB()) === 2);
    const metrics = await (await fetch(healthUrl.replace('/health', '/metrics'))).text();
    expect(metrics).toContain(`foyer_media_server_calls{server="${serverB()}",location="lab"} 2`);
  }, 60_000);

  it("B's control connection lost: its calls stay up, new calls go to A; B back: used again", async () => {
    await relay.close();
    await eventually('B lost', async () => (await byAddress())[serverB()]?.state === 'lost');
    // The calls on B have their own event sockets: they stay.
    await sleep(1000);
    expect(await legsOnB()).toBe(2);
    await callReception(2);
    await eventually('the new calls on A', async () => {
      const list = await byAddress();
      return Object.values(list).find((server) => server.address !== serverB())?.calls === 4;
    });
    expect(await legsOnB()).toBe(2);
    await relay.open();
    await eventually(
      'B back',
      async () => ['connected', 'degraded'].includes((await byAddress())[serverB()]?.state ?? ''),
      40_000,
    );
    // B has 2 calls, A 4: the next two go to B.
    await callReception(2);
    await eventually('B used again', async () => (await byAddress())[serverB()]?.calls === 4);
    // Placed at the INVITE; the leg follows once FreeSWITCH has made it.
    await eventually('four legs on B', async () => (await legsOnB()) === 4);
  }, 90_000);

  it('every call hung up: nothing left on either server, no call counted', async () => {
    for (const caller of callers.splice(0)) await caller.hangup();
    await eventually('no channel left on either server', async () => {
      return (await it_.channelCount()) === 0 && (await legsOnB()) === 0;
    });
    await eventually('no call counted', async () =>
      Object.values(await byAddress()).every((server) => server.calls === 0),
    );
  }, 60_000);

  it("a room's callers: dialling it directly joins its server; through the reception on the other server, moved to the room's", async () => {
    const room = 'foyer-host-and-guest-';
    // Both servers idle: the host, through the reception, lands on A and starts the room there.
    await throughReception('1001#', '1234#');
    await eventually('the host in the room on A', async () => (await it_.conferenceMembers(room)).length === 1);
    // A has one call, B none, yet a caller dialling the room goes to A, where the room is.
    const direct = await it_.call('1001');
    callers.push(direct);
    await sleep(2500);
    await direct.sendDtmf('5678#');
    await eventually(
      'the direct caller in the room on A',
      async () => (await it_.conferenceMembers(room)).length === 2,
    );
    expect(await fsB.conferenceMembers(room)).toEqual([]);
    // Through the reception, the room is known only after the keys: this caller is on B, and is
    // moved to A (same location) when admitted: a re-INVITE to a new channel on A.
    await throughReception('1001#', '5678#');
    await eventually(
      'the third caller moved to the room on A',
      async () => (await it_.conferenceMembers(room)).length === 3,
    );
    expect(await fsB.conferenceMembers(room)).toEqual([]);
    expect(await legsOnB()).toBe(0);
    // The caller (a channel A originated) now sends its audio to A's RTP range (20000-24999), not B's.
    const port = Number(await it_.fs!.api(`uuid_getvar ${callers.at(-1)!.id} remote_media_port`));
    expect(port).toBeGreaterThanOrEqual(20000);
    expect(port).toBeLessThan(25000);
    expect(await metrics()).toMatch(/foyer_media_moves_total\{result="moved"\} 1\n/);
    expect((await byAddress())[serverB()]?.calls).toBe(0);
    for (const caller of callers.splice(0)) await caller.hangup();
    await eventually(
      'no channel left on either server',
      async () => (await it_.channelCount()) === 0 && (await legsOnB()) === 0,
    );
  }, 90_000);

  it.skipIf(!haveSipp())(
    'two SIPp callers dial a room at once, landing on A and B: the second, admitted, is re-INVITEd to A and B is left empty',
    async () => {
      const room = 'foyer-host-and-guest-';
      await eventually('no call counted', async () =>
        Object.values(await byAddress()).every((server) => server.calls === 0),
      );
      // Both INVITEs come before the room exists: the first goes to A (a tie, listed first), the second to B.
      const host = runSipp(infoDtmfScenario('1234#', 3000, 22_000), it_.sip, '1001', 60);
      await sleep(300);
      const guest = runSipp(reinvitedCallerScenario('5678#', 9000, 10_000), it_.sip, '1001', 60);
      await eventually('one call on each server', async () =>
        Object.values(await byAddress()).every((server) => server.calls === 1),
      );
      // Placed at the INVITE; the leg follows once FreeSWITCH has made it.
      await eventually("the second caller's leg on B", async () => (await legsOnB()) === 1);
      await eventually(
        'both callers in the room on A',
        async () => (await it_.conferenceMembers(room)).length === 2,
        20_000,
      );
      expect(await fsB.conferenceMembers(room)).toEqual([]);
      await eventually('no channel left on B', async () => (await legsOnB()) === 0);
      expect((await byAddress())[serverB()]?.calls).toBe(0);
      expect(await metrics()).toMatch(/foyer_media_moves_total\{result="moved"\} 2\n/);
      const [first, second] = await Promise.all([host, guest]);
      expect(first.code, first.output).toBe(0);
      expect(second.code, second.output).toBe(0);
      await eventually(
        'no channel left on either server',
        async () => (await it_.channelCount()) === 0 && (await legsOnB()) === 0,
      );
    },
    90_000,
  );
});
