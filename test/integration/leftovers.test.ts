import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, backends, startTestFoyer, type TestCaller, type TestFoyer } from './harness.js';
import { eventually, pause } from './eventually.js';

announceSkip('INTEGRATION TESTS (leftovers)');

/**
 * A sample of the steps the simulated model test hangs up at, on a real media side: after each
 * hangup the media side must hold none of the call (FreeSWITCH: none of its channels, the
 * caller's leg and Foyer's, in `show channels`; embedded: no dialog) and Foyer must count no
 * call, channel, endpoint, member, timer or flow actor.
 *
 * On FreeSWITCH, other Foyers may be connected to the same drachtio-server (it spreads INVITEs
 * over its applications) and calling through the same FreeSWITCH: a call that reaches another
 * Foyer is hung up and placed again, and only this test's channels are looked for.
 */
describe.each(backends)('hanging up leaves nothing behind (%s)', (backend) => {
  let it_: TestFoyer;
  let healthUrl: string;
  /** FreeSWITCH uuids of this test's calls: the callers' legs, and Foyer's (from its log). */
  const mine = new Set<string>();
  const callers: TestCaller[] = [];
  let arrivals = 0;
  const logLines = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const { fsUuid, event } = JSON.parse(line) as { fsUuid?: string; event?: string };
        if (fsUuid) mine.add(fsUuid);
        if (event === 'call_arrived') arrivals += 1;
        if (process.env.FOYER_IT_LOG_LEVEL) process.stderr.write(`${line}\n`);
      }
      done();
    },
  });

  beforeAll(async () => {
    it_ = await startTestFoyer(backend, { logTo: logLines });
    healthUrl = `http://127.0.0.1:${(it_.foyer.http.address() as AddressInfo).port}/health`;
  }, 60_000);

  afterEach(async () => {
    // Whatever happened, no caller of this test stays on.
    for (const caller of callers.splice(0)) await caller.hangup();
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
    await it_?.stop();
  });

  /** Calls `alias` until the call reaches this Foyer (not another one on the same drachtio-server). */
  async function call(alias: string): Promise<TestCaller> {
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = arrivals;
      const caller = await it_.call(alias);
      callers.push(caller);
      mine.add(caller.id);
      const reached = await eventually(`the call to ${alias} to arrive`, () => arrivals > before, 3_000).catch(
        () => false,
      );
      if (reached) return caller;
      await caller.hangup();
    }
    throw new Error(`the calls to ${alias} all reached other applications of drachtio-server`);
  }
  const usageHas = (what: string, test: (record: Record<string, unknown>) => boolean) =>
    eventually(what, () => it_.usage.records.some((record) => test(record)));

  /** Nothing left: the media side holds none of the test's calls, Foyer counts nothing, and /health says so. */
  async function nothingLeft(): Promise<void> {
    const { fs, resources, foyer } = it_;
    if (fs) {
      await eventually('FreeSWITCH to have none of the test’s channels', async () =>
        (await fs.channelUuids()).every((uuid) => !mine.has(uuid)),
      );
      const all = await fs.channelUuids();
      if (all.length === 0) expect(await fs.channelCount()).toBe(0);
    } else await eventually('the embedded endpoint to hold no call', async () => (await it_.channelCount()) === 0);
    await eventually(
      'Foyer to hold nothing',
      () => Object.keys(resources.holders()).length === 0 && foyer.activeCalls() === 0,
    );
    const health = (await (await fetch(healthUrl)).json()) as { calls: number; resources: Record<string, number> };
    expect(health.calls).toBe(0);
    expect(
      Object.values(health.resources).every((count) => count === 0),
      JSON.stringify(health.resources),
    ).toBe(true);
  }

  it('during the answer delay, before any prompt', async () => {
    const caller = await call('8000');
    await eventually('the call to be answered', () => it_.resources.totals().channels === 1);
    await pause(500);
    await caller.hangup();
    await nothingLeft();
  }, 60_000);

  it('during the reception prompt', async () => {
    const caller = await call('8000');
    await pause(3_500);
    expect(it_.resources.totals()).toMatchObject({ channels: 1, endpoints: 1, flow_actors: 1 });
    await caller.hangup();
    await nothingLeft();
  }, 60_000);

  it('during "please hold", between the reception and the room', async () => {
    const caller = await call('8000');
    await pause(2_500);
    await caller.sendDtmf('1001#');
    await pause(1_200);
    await caller.hangup();
    await nothingLeft();
  }, 60_000);

  it('waiting for the PIN, after a wrong one', async () => {
    const caller = await call('1002');
    await pause(2_500);
    await caller.sendDtmf('1111#');
    await pause(2_000);
    await caller.hangup();
    await nothingLeft();
  }, 60_000);

  it('in the lobby (a guest with no host)', async () => {
    const caller = await call('1001');
    await pause(2_500);
    await caller.sendDtmf('5678#');
    await usageHas(
      'the guest in the lobby',
      (record) => record.type === 'participant_admitted' && record.role === 'guest',
    );
    await eventually('the guest to be admitted', () => it_.resources.totals().participants === 1);
    expect(await it_.conferenceMembers('foyer-host-and-guest-')).toEqual([]);
    expect(it_.resources.totals().timers).toBeGreaterThan(0);
    await caller.hangup();
    await nothingLeft();
  }, 60_000);

  it('in the conference, and a guest during the guests-only timeout after the last host left', async () => {
    const host = await call('1001');
    await pause(2_500);
    await host.sendDtmf('1234#');
    await eventually(
      'the host in the conference',
      async () => (await it_.conferenceMembers('foyer-host-and-guest-')).length === 1,
    );
    const guest = await call('1001');
    await pause(2_500);
    await guest.sendDtmf('5678#');
    await eventually(
      'the guest in the conference',
      async () => (await it_.conferenceMembers('foyer-host-and-guest-')).length === 2,
    );
    expect(it_.resources.totals()).toMatchObject({ members: 2, participants: 2, conferences: 1 });
    await host.hangup();
    await eventually(
      'the guests-only timer',
      () =>
        it_.resources.heldBy(
          `meeting:${String(it_.usage.records.findLast((record) => record.type === 'instance_started')?.instance)}`,
        ).timers === 1,
    );
    await guest.hangup();
    await nothingLeft();
  }, 60_000);
});
