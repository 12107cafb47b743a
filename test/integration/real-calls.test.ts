import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreeswitchCli } from './freeswitch-cli.js';
import { announceSkip, eventually, servers, startTestFoyer, type TestFoyer } from './harness.js';
import {
  haveSipp,
  hangupScenario,
  infoDtmfScenario,
  lateOfferScenario,
  runSipp,
  srtpOfferScenario,
  videoOfferScenario,
} from './sipp.js';

announceSkip('INTEGRATION TESTS');
const SIP = servers?.sip;

describe.skipIf(!servers)('real calls through drachtio-server and FreeSWITCH', () => {
  let it_: TestFoyer;
  let fs: FreeswitchCli;
  let usage: TestFoyer['usage'];

  beforeAll(async () => {
    it_ = await startTestFoyer();
    ({ fs, usage } = it_);
  }, 60_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
    await it_?.stop();
  });

  const hostIn = (prefix: string) =>
    eventually(`a moderator in ${prefix}`, async () =>
      (await fs.conferenceMembers(prefix)).find((member) => member.flags.includes('moderator')),
    );
  const lastCallEnded = () => usage.records.filter((record) => record.type === 'call_ended').at(-1);
  const noChannels = () => eventually('FreeSWITCH to have no channels', async () => (await fs.channelCount()) === 0);

  it('RFC 2833: reception, room number, host PIN: in the conference as moderator; hanging up leaves nothing', async () => {
    const caller = await fs.originate(`sip:8000@${SIP}`);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await fs.sendDtmf(caller, '1001#');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await fs.sendDtmf(caller, '1234#');
    const member = await hostIn('foyer-host-and-guest-');
    expect(member.flags).toContain('moderator');
    await fs.hangup(caller);
    await noChannels();
    await eventually('the call to end in the usage log', () =>
      usage.records.some(
        (record) => record.type === 'call_ended' && record.outcome === 'hangup' && record.role === 'host',
      ),
    );
  }, 60_000);

  it('a caller without telephone-event keys inband tones and still gets in', async () => {
    const caller = await fs.originate(`sip:1002@${SIP}`, { dtmf_type: 'none' });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await fs.sendTones(caller, '1234#');
    const member = await hostIn('foyer-host-only-');
    expect(member.flags).toContain('moderator');
    await fs.hangup(caller);
    await noChannels();
  }, 60_000);

  it('# pressed inside the conference does not hang up (FreeSWITCH keypad controls are off)', async () => {
    const caller = await fs.originate(`sip:1002@${SIP}`);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await fs.sendDtmf(caller, '1234#');
    await hostIn('foyer-host-only-');
    await fs.sendDtmf(caller, '#');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await fs.conferenceMembers('foyer-host-only-')).toHaveLength(1);
    await fs.hangup(caller);
    await noChannels();
  }, 60_000);

  it('three wrong PINs: Foyer hangs up and releases the FreeSWITCH channel', async () => {
    const caller = await fs.originate(`sip:1002@${SIP}`);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await fs.sendDtmf(caller, '1111#2222#3333#');
    await noChannels();
    await eventually('pin_invalid in the usage log', () =>
      usage.records.some((record) => record.type === 'call_ended' && record.reason === 'pin_invalid'),
    );
  }, 60_000);

  describe.skipIf(!haveSipp())('with SIPp callers (Debian sip-tester)', () => {
    const target = SIP!;

    it('SIP INFO digits: reception, room number, host PIN, in the conference as moderator', async () => {
      const call = runSipp(infoDtmfScenario('1001#1234#', 2500, 8000), target, '8000');
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
      const run = await runSipp(lateOfferScenario(3000), target, '1000');
      expect(run.code, run.output).toBe(0);
      await noChannels();
      expect(lastCallEnded()).toMatchObject({ service: 'Open room', admitted: true, outcome: 'hangup' });
    }, 60_000);

    it('a video offer is answered with audio only, video rejected with port 0', async () => {
      const run = await runSipp(videoOfferScenario(3000), target, '1000');
      expect(run.code, run.output).toBe(0);
      await noChannels();
      expect(lastCallEnded()).toMatchObject({ service: 'Open room', admitted: true, outcome: 'hangup' });
    }, 60_000);

    it('an SRTP (RTP/SAVP, SDES) offer is answered with SRTP', async () => {
      const run = await runSipp(srtpOfferScenario(3000), target, '1000');
      expect(run.code, run.output).toBe(0);
      await noChannels();
      expect(lastCallEnded()).toMatchObject({ service: 'Open room', admitted: true, outcome: 'hangup' });
    }, 60_000);

    it('a caller hanging up mid-prompt ends the call and releases FreeSWITCH', async () => {
      const run = await runSipp(hangupScenario(3000), target, '8000');
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
