import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEETING_SETTINGS } from '../../src/meetings/index.js';
import type { FreeswitchCli } from './freeswitch-cli.js';
import { announceSkip, eventually, servers, sleep, startTestFoyer, type TestFoyer } from './harness.js';

announceSkip('MEETING INTEGRATION TESTS');
const SIP = servers?.sip;

describe.skipIf(!servers)('meeting rules on real FreeSWITCH conferences', () => {
  let it_: TestFoyer;
  let fs: FreeswitchCli;
  let usage: TestFoyer['usage'];

  beforeAll(async () => {
    it_ = await startTestFoyer({ ...DEFAULT_MEETING_SETTINGS, announceCount: false });
    ({ fs, usage } = it_);
  }, 60_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
    await it_?.stop();
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
    const [hostMember, guestMember] = [
      both.find((m) => m.flags.includes('moderator'))!,
      both.find((m) => !m.flags.includes('moderator'))!,
    ];
    expect(hostMember.flags).toContain('speak');
    expect(guestMember.flags).not.toContain('speak');
    await sleep(1500);
    await fs.sendDtmf(host, '*5');
    await eventually('the guest unmuted', async () =>
      (await members('foyer-hall-')).every((member) => member.flags.includes('speak')),
    );
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
    await eventually(
      'host and guest in the conference',
      async () => (await members('foyer-host-and-guest-')).length === 2,
    );
    await sleep(1500);
    await fs.sendDtmf(host, '##');
    await noChannels();
    const ended = usage.records.filter((record) => record.type === 'call_ended' && record.reason === 'ended_by_host');
    expect(ended).toHaveLength(2);
    expect([guest, host]).toHaveLength(2);
  }, 90_000);
});
