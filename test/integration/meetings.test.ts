import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type Settings } from '../../src/config/index.js';
import { startFoyer, type RunningFoyer } from '../../src/main.js';
import { DEFAULT_MEETING_SETTINGS } from '../../src/meetings/index.js';
import { MemoryUsageLog, createLogger } from '../../src/observability/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';
import { FreeswitchCli } from './freeswitch-cli.js';

const DRACHTIO = process.env.FOYER_IT_DRACHTIO;
const FREESWITCH = process.env.FOYER_IT_FREESWITCH;
const SIP = process.env.FOYER_IT_SIP;
const configured = Boolean(DRACHTIO && FREESWITCH && SIP);

if (!configured) {
  console.warn('MEETING INTEGRATION TESTS SKIPPED: set FOYER_IT_DRACHTIO, FOYER_IT_FREESWITCH and FOYER_IT_SIP to run them against real drachtio-server and FreeSWITCH');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe.skipIf(!configured)('meeting rules on real FreeSWITCH conferences', () => {
  let foyer: RunningFoyer;
  let fs: FreeswitchCli;
  const usage = new MemoryUsageLog();

  beforeAll(async () => {
    const [host, port, ...secret] = FREESWITCH!.split(':');
    fs = await FreeswitchCli.connect(host!, Number(port), secret.join(':'));
    const settings: Settings = { ...DEFAULTS, servicesFile: join(FIXTURES, 'services.yaml'), drachtio: DRACHTIO!, freeswitch: FREESWITCH!, httpPort: 0 };
    const bundle = testBundle();
    foyer = await startFoyer({ settings, bundle: () => bundle, meetingSettings: { ...DEFAULT_MEETING_SETTINGS, announceCount: false }, logger: createLogger({ level: 'warn' }), usage });
    const health = `http://127.0.0.1:${(foyer.http.address() as AddressInfo).port}/health`;
    await eventually('Foyer to connect', async () => ((await (await fetch(health)).json()) as { ok: boolean }).ok);
  }, 60_000);

  afterAll(async () => {
    await foyer?.stop();
    fs?.close();
  });

  const members = (prefix: string) => fs.conferenceMembers(prefix);
  const noChannels = () => eventually('no FreeSWITCH channels', async () => (await fs.channelCount()) === 0);

  /** A caller dials `room` and keys `pin` once the prompt has started. */
  async function dialIn(room: string, pin: string): Promise<string> {
    const caller = await fs.originate(`sip:${room}@${SIP}`);
    await sleep(2500);
    await fs.sendDtmf(caller, pin);
    return caller;
  }

  it('auditorium: the host is a moderator, the guest joins muted, and the host unmutes all guests with *5', async () => {
    const host = await dialIn('2000', '2468#');
    await eventually('the host in the hall', async () => (await members('foyer-hall-')).length === 1);
    const guest = await dialIn('2000', '1357#');
    const both = await eventually('host and guest in the hall', async () => {
      const list = await members('foyer-hall-');
      return list.length === 2 && list;
    });
    const [hostMember, guestMember] = [both.find((m) => m.flags.includes('moderator'))!, both.find((m) => !m.flags.includes('moderator'))!];
    expect(hostMember.flags).toContain('speak');
    expect(guestMember.flags).not.toContain('speak');
    await sleep(1500);
    await fs.sendDtmf(host, '*5');
    await eventually('the guest unmuted', async () => (await members('foyer-hall-')).every((member) => member.flags.includes('speak')));
    await fs.hangup(guest);
    await fs.hangup(host);
    await noChannels();
  }, 90_000);

  it('a guest waits outside the conference until the host arrives; ## ends the meeting for both', async () => {
    const guest = await dialIn('1001', '5678#');
    await sleep(2000);
    expect(await members('foyer-host-and-guest-')).toHaveLength(0);
    expect(await fs.channelCount()).toBe(2);
    const host = await dialIn('1001', '1234#');
    await eventually('host and guest in the conference', async () => (await members('foyer-host-and-guest-')).length === 2);
    await sleep(1500);
    await fs.sendDtmf(host, '##');
    await noChannels();
    const ended = usage.records.filter((record) => record.type === 'call_ended' && record.reason === 'ended_by_host');
    expect(ended).toHaveLength(2);
    expect([guest, host]).toHaveLength(2);
  }, 90_000);
});
