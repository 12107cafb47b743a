import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, backends, eventually, sleep, startTestFoyer, type TestFoyer } from './harness.js';
import {
  haveSipp,
  hangupScenario,
  infoDtmfScenario,
  lateOfferScenario,
  runSipp,
  srtpOfferScenario,
  videoOfferScenario,
} from './sipp.js';
import { skipNotice } from '../helpers/skip-notice.js';

if (!haveSipp())
  skipNotice('integration tests with SIPp callers', 'SIPp is not installed (apt-get install sip-tester)');
announceSkip('INTEGRATION TESTS');

describe.each(backends)('real calls (%s)', (backend) => {
  let it_: TestFoyer;
  let usage: TestFoyer['usage'];

  beforeAll(async () => {
    it_ = await startTestFoyer(backend);
    ({ usage } = it_);
  }, 60_000);

  afterAll(async () => {
    await it_?.stop();
  });

  const hostIn = (prefix: string) =>
    eventually(`a moderator in ${prefix}`, async () =>
      (await it_.conferenceMembers(prefix)).find((member) => member.flags.includes('moderator')),
    );
  const lastCallEnded = () => usage.records.filter((record) => record.type === 'call_ended').at(-1);
  const noChannels = () => eventually('no calls left on the media side', async () => (await it_.channelCount()) === 0);

  it('RFC 2833: reception, room number, host PIN: in the conference as moderator; hanging up leaves nothing', async () => {
    const caller = await it_.call('8000');
    await sleep(2500);
    await caller.sendDtmf('1001#');
    await sleep(4000);
    await caller.sendDtmf('1234#');
    const member = await hostIn('foyer-host-and-guest-');
    expect(member.flags).toContain('moderator');
    await caller.hangup();
    await noChannels();
    await eventually('the call to end in the usage log', async () =>
      usage.records.some(
        (record) => record.type === 'call_ended' && record.outcome === 'hangup' && record.role === 'host',
      ),
    );
  }, 60_000);

  it('a caller without telephone-event keys inband tones and still gets in', async () => {
    const caller = await it_.call('1002', { telephoneEvent: false });
    await sleep(2500);
    await caller.sendTones('1234#');
    const member = await hostIn('foyer-host-only-');
    expect(member.flags).toContain('moderator');
    await caller.hangup();
    await noChannels();
  }, 60_000);

  it('# pressed inside the conference does not hang up (the media server keypad controls are off)', async () => {
    const caller = await it_.call('1002');
    await sleep(2500);
    await caller.sendDtmf('1234#');
    await hostIn('foyer-host-only-');
    await caller.sendDtmf('#');
    await sleep(3000);
    expect(await it_.conferenceMembers('foyer-host-only-')).toHaveLength(1);
    await caller.hangup();
    await noChannels();
  }, 60_000);

  it('three wrong PINs: Foyer hangs up and releases the call', async () => {
    const caller = await it_.call('1002');
    await sleep(2500);
    await caller.sendDtmf('1111#2222#3333#');
    await noChannels();
    await eventually('pin_invalid in the usage log', async () =>
      usage.records.some((record) => record.type === 'call_ended' && record.reason === 'pin_invalid'),
    );
  }, 60_000);

  describe.skipIf(!haveSipp())('with SIPp callers (Debian sip-tester)', () => {
    const target = () => it_.sip;

    it('SIP INFO digits: reception, room number, host PIN, in the conference as moderator', async () => {
      const call = runSipp(infoDtmfScenario('1001#1234#', 2500, 8000), target(), '8000');
      expect((await hostIn('foyer-host-and-guest-')).flags).toContain('moderator');
      const run = await call;
      expect(run.code, run.output).toBe(0);
      await noChannels();
      expect(
        usage.records.some(
          (record) =>
            record.type === 'call_ended' &&
            record.via === 'Reception' &&
            record.role === 'host' &&
            record.outcome === 'hangup',
        ),
      ).toBe(true);
    }, 60_000);

    it('a late offer (INVITE without SDP) is answered with an offer and completed by the ACK', async () => {
      const run = await runSipp(lateOfferScenario(3000), target(), '1000');
      expect(run.code, run.output).toBe(0);
      await noChannels();
      expect(lastCallEnded()).toMatchObject({ service: 'Open room', admitted: true, outcome: 'hangup' });
    }, 60_000);

    it('a video offer is answered with audio only, video rejected with port 0', async () => {
      const run = await runSipp(videoOfferScenario(3000), target(), '1000');
      expect(run.code, run.output).toBe(0);
      await noChannels();
      expect(lastCallEnded()).toMatchObject({ service: 'Open room', admitted: true, outcome: 'hangup' });
    }, 60_000);

    // The embedded endpoint serves plain RTP only: an SRTP-only offer is refused there (488).
    it.skipIf(backend === 'embedded')(
      'an SRTP (RTP/SAVP, SDES) offer is answered with SRTP',
      async () => {
        const run = await runSipp(srtpOfferScenario(3000), target(), '1000');
        expect(run.code, run.output).toBe(0);
        await noChannels();
        expect(lastCallEnded()).toMatchObject({ service: 'Open room', admitted: true, outcome: 'hangup' });
      },
      60_000,
    );

    it('a caller hanging up mid-prompt ends the call and releases the media', async () => {
      const run = await runSipp(hangupScenario(3000), target(), '8000');
      expect(run.code, run.output).toBe(0);
      await noChannels();
      expect(lastCallEnded()).toMatchObject({
        service: 'Reception',
        admitted: false,
        outcome: 'hangup',
        reason: 'caller_hangup',
      });
    }, 60_000);
  });
});
