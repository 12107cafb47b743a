import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type Settings } from '../../src/config/index.js';
import { startFoyer, type RunningFoyer } from '../../src/main.js';
import { DEFAULT_MEETING_SETTINGS } from '../../src/meetings/index.js';
import { MemoryUsageLog, Resources, createLogger } from '../../src/observability/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';
import { eventually, pause } from './eventually.js';
import { FreeswitchCli } from './freeswitch-cli.js';

const DRACHTIO = process.env.FOYER_IT_DRACHTIO;
const FREESWITCH = process.env.FOYER_IT_FREESWITCH;
const SIP = process.env.FOYER_IT_SIP;
const configured = Boolean(DRACHTIO && FREESWITCH && SIP);

if (!configured) {
  console.warn(
    'INTEGRATION TESTS SKIPPED (leftovers): set FOYER_IT_DRACHTIO, FOYER_IT_FREESWITCH and FOYER_IT_SIP' +
      ' to hang up real calls at sample steps and count what FreeSWITCH keeps',
  );
}

/**
 * A sample of the steps the simulated model test hangs up at, on real servers: after each
 * hangup FreeSWITCH must have none of the call's channels left (the caller's leg and Foyer's, in
 * `show channels`; and none at all when nobody else is calling) and Foyer must count no call,
 * channel, endpoint, member, timer or flow actor.
 *
 * Other Foyers may be connected to the same drachtio-server (it spreads INVITEs over its
 * applications) and calling through the same FreeSWITCH: a call that reaches another Foyer is
 * hung up and placed again, and only this test's channels are looked for.
 */
describe.skipIf(!configured)('hanging up on real servers leaves nothing behind', () => {
  let foyer: RunningFoyer;
  let fs: FreeswitchCli;
  let healthUrl: string;
  const usage = new MemoryUsageLog();
  const resources = new Resources();
  /** FreeSWITCH uuids of this test's calls: the callers' legs, and Foyer's (from its log). */
  const mine = new Set<string>();
  const callers: string[] = [];
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
    const [host, port, ...secret] = FREESWITCH!.split(':');
    fs = await FreeswitchCli.connect(host!, Number(port), secret.join(':'));
    const settings: Settings = {
      ...DEFAULTS,
      servicesFile: join(FIXTURES, 'services.yaml'),
      drachtio: DRACHTIO!,
      freeswitch: FREESWITCH!,
      httpPort: 0,
    };
    const bundle = testBundle();
    foyer = await startFoyer({
      settings,
      bundle: () => bundle,
      meetingSettings: DEFAULT_MEETING_SETTINGS,
      logger: createLogger({ level: process.env.FOYER_IT_LOG_LEVEL ?? 'info', destination: logLines }),
      usage,
      resources,
    });
    healthUrl = `http://127.0.0.1:${(foyer.http.address() as AddressInfo).port}/health`;
    await eventually(
      'Foyer to connect to both servers',
      async () => ((await (await fetch(healthUrl)).json()) as { ok: boolean }).ok,
    );
  }, 60_000);

  afterEach(async () => {
    // Whatever happened, no caller of this test stays on the servers.
    for (const caller of callers.splice(0)) await fs.hangup(caller);
  });

  afterAll(async () => {
    // TypeScript takes `let x: T` as assigned; these are not if beforeAll failed or was skipped.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    await foyer?.stop();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    fs?.close();
  });

  /** Calls `alias` from FreeSWITCH until the call reaches this Foyer (not another one on the same drachtio-server). */
  async function call(alias: string): Promise<string> {
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = arrivals;
      const caller = await fs.originate(`sip:${alias}@${SIP}`);
      callers.push(caller);
      mine.add(caller);
      const reached = await eventually(`the call to ${alias} to arrive`, () => arrivals > before, 3_000).catch(
        () => false,
      );
      if (reached) return caller;
      await fs.hangup(caller);
    }
    throw new Error(`the calls to ${alias} all reached other applications of drachtio-server`);
  }
  const usageHas = (what: string, test: (record: Record<string, unknown>) => boolean) =>
    eventually(what, () => usage.records.some((record) => test(record)));

  /** Nothing left: FreeSWITCH has none of this test's channels, Foyer counts nothing, and /health says so. */
  async function nothingLeft(): Promise<void> {
    await eventually('FreeSWITCH to have none of the test’s channels', async () =>
      (await fs.channelUuids()).every((uuid) => !mine.has(uuid)),
    );
    const all = await fs.channelUuids();
    if (all.length === 0) expect(await fs.channelCount()).toBe(0);
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
    await eventually('the call to be answered', () => resources.totals().channels === 1);
    await pause(500);
    await fs.hangup(caller);
    await nothingLeft();
  }, 60_000);

  it('during the reception prompt', async () => {
    const caller = await call('8000');
    await pause(3_500);
    expect(resources.totals()).toMatchObject({ channels: 1, endpoints: 1, flow_actors: 1 });
    await fs.hangup(caller);
    await nothingLeft();
  }, 60_000);

  it('during "please hold", between the reception and the room', async () => {
    const caller = await call('8000');
    await pause(2_500);
    await fs.sendDtmf(caller, '1001#');
    await pause(1_200);
    await fs.hangup(caller);
    await nothingLeft();
  }, 60_000);

  it('waiting for the PIN, after a wrong one', async () => {
    const caller = await call('1002');
    await pause(2_500);
    await fs.sendDtmf(caller, '1111#');
    await pause(2_000);
    await fs.hangup(caller);
    await nothingLeft();
  }, 60_000);

  it('in the lobby (a guest with no host)', async () => {
    const caller = await call('1001');
    await pause(2_500);
    await fs.sendDtmf(caller, '5678#');
    await usageHas(
      'the guest in the lobby',
      (record) => record.type === 'participant_admitted' && record.role === 'guest',
    );
    await eventually('the guest to be admitted', () => resources.totals().participants === 1);
    expect(await fs.conferenceMembers('foyer-host-and-guest-')).toEqual([]);
    expect(resources.totals().timers).toBeGreaterThan(0);
    await fs.hangup(caller);
    await nothingLeft();
  }, 60_000);

  it('in the conference, and a guest during the guests-only timeout after the last host left', async () => {
    const host = await call('1001');
    await pause(2_500);
    await fs.sendDtmf(host, '1234#');
    await eventually(
      'the host in the conference',
      async () => (await fs.conferenceMembers('foyer-host-and-guest-')).length === 1,
    );
    const guest = await call('1001');
    await pause(2_500);
    await fs.sendDtmf(guest, '5678#');
    await eventually(
      'the guest in the conference',
      async () => (await fs.conferenceMembers('foyer-host-and-guest-')).length === 2,
    );
    expect(resources.totals()).toMatchObject({ members: 2, participants: 2, conferences: 1 });
    await fs.hangup(host);
    await eventually(
      'the guests-only timer',
      () =>
        resources.heldBy(
          `meeting:${String(usage.records.findLast((record) => record.type === 'instance_started')?.instance)}`,
        ).timers === 1,
    );
    await fs.hangup(guest);
    await nothingLeft();
  }, 60_000);
});
