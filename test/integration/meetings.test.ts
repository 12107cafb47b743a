import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEETING_SETTINGS } from '../../src/meetings/index.js';
import {
  announceSkip,
  backends,
  eventually,
  sleep,
  startTestFoyer,
  type TestCaller,
  type TestFoyer,
} from './harness.js';
import { FIXTURES } from '../helpers/bundle.js';

announceSkip('MEETING INTEGRATION TESTS');

describe.each(backends)('meeting rules on real conferences (%s)', (backend) => {
  let it_: TestFoyer;
  let usage: TestFoyer['usage'];

  beforeAll(async () => {
    it_ = await startTestFoyer(backend, { meetingSettings: { ...DEFAULT_MEETING_SETTINGS, announceCount: false } });
    ({ usage } = it_);
  }, 60_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
    await it_?.stop();
  });

  const members = (prefix: string) => it_.conferenceMembers(prefix);
  const noChannels = () => eventually('no calls left on the media side', async () => (await it_.channelCount()) === 0);

  /** A caller dials `room` and keys `pin` once the prompt has started. */
  async function dialIn(room: string, pin: string): Promise<TestCaller> {
    const caller = await it_.call(room);
    await sleep(2500);
    await caller.sendDtmf(pin);
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
    await host.sendDtmf('*5');
    await eventually('the guest unmuted', async () =>
      (await members('foyer-hall-')).every((member) => member.flags.includes('speak')),
    );
    await guest.hangup();
    await host.hangup();
    await noChannels();
  }, 90_000);

  it('a guest waits outside the conference until the host arrives; ## ends the meeting for both', async () => {
    const guest = await dialIn('1001', '5678#');
    await sleep(2000);
    expect(await members('foyer-host-and-guest-')).toHaveLength(0);
    expect(await it_.channelCount()).toBe(it_.legsPerCall);
    const host = await dialIn('1001', '1234#');
    await eventually(
      'host and guest in the conference',
      async () => (await members('foyer-host-and-guest-')).length === 2,
    );
    await sleep(1500);
    await host.sendDtmf('##');
    await noChannels();
    const ended = usage.records.filter((record) => record.type === 'call_ended' && record.reason === 'ended_by_host');
    expect(ended).toHaveLength(2);
    expect([guest, host]).toHaveLength(2);
  }, 90_000);
});

describe.each(backends)('the guests-only timeout on real conferences (%s)', (backend) => {
  let it_: TestFoyer;

  beforeAll(async () => {
    it_ = await startTestFoyer(backend, {
      overrides: { servicesFile: join(FIXTURES, 'short-timeouts.yaml') },
      meetingSettings: { ...DEFAULT_MEETING_SETTINGS, announceCount: false },
    });
  }, 60_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
    await it_?.stop();
  });

  it('when the last host leaves, the guests are warned and disconnected once the timeout has passed', async () => {
    const guest = await it_.call('3001');
    await sleep(2500);
    await guest.sendDtmf('5678#');
    const host = await it_.call('3001');
    await sleep(2500);
    await host.sendDtmf('1234#');
    await eventually(
      'host and guest in the conference',
      async () => (await it_.conferenceMembers('foyer-short-room-')).length === 2,
    );
    await host.hangup();
    await eventually(
      'the guest disconnected by Foyer',
      () => it_.usage.records.some((record) => record.type === 'call_ended' && record.reason === 'guests_only_timeout'),
      30_000,
    );
    await eventually('no calls left on the media side', async () => (await it_.channelCount()) === 0);
    expect(guest).toBeDefined();
  }, 90_000);
});
