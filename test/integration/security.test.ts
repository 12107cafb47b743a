import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEETING_SETTINGS } from '../../src/meetings/index.js';
import { announceSkip, eventually, servers, startTestFoyer, type TestFoyer } from './harness.js';
import { hangupScenario, haveSipp, refusedInviteScenario, runSipp } from './sipp.js';

announceSkip('ABUSE INTEGRATION TESTS');
const SIP = servers?.sip;
// drachtio-server's own spammer list already turns away friendly-scanner and sipcli; this one reaches Foyer.
const SCANNER = 'VaxSIPUserAgent/3.1';

describe.skipIf(!servers || !haveSipp())('abuse resistance on real drachtio-server (SIPp callers)', () => {
  describe('with block_response reject', () => {
    let it_: TestFoyer;
    beforeAll(async () => {
      it_ = await startTestFoyer(DEFAULT_MEETING_SETTINGS, { blockResponse: 'reject' });
    }, 60_000);
    afterAll(async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
      await it_?.stop();
    });

    const ended = (reason: string) =>
      eventually(`a call_ended ${reason}`, () =>
        it_.usage.records.find((record) => record.type === 'call_ended' && record.reason === reason),
      );

    it("a scanner's INVITE gets 403 with no body, at once", async () => {
      const run = await runSipp(refusedInviteScenario(SCANNER, 'reject'), SIP!, '1000', 20);
      expect(run.code, run.output).toBe(0);
      expect(await ended('scanner_ua')).toMatchObject({ outcome: 'rejected', source: '127.0.0.1' });
    }, 30_000);

    it("a blocked source's INVITE gets 403 with no body; once lifted, its call is answered", async () => {
      const { guard } = it_.foyer;
      const source = guard.sourceOf({ address: '127.0.0.1' });
      for (let i = 0; i < 21; i++) await guard.scanned(source, `scan-${i}`);
      try {
        const run = await runSipp(refusedInviteScenario('Foyer integration test', 'reject'), SIP!, '1000', 20);
        expect(run.code, run.output).toBe(0);
        expect(await ended('source_blocked')).toMatchObject({ outcome: 'rejected' });
      } finally {
        const port = (it_.foyer.http.address() as AddressInfo).port;
        const lift = await fetch(`http://127.0.0.1:${port}/blocks/lift`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'source', subject: '127.0.0.1' }),
        });
        expect(lift.status).toBe(200);
      }
      const answered = await runSipp(hangupScenario(1500), SIP!, '1000', 20);
      expect(answered.code, answered.output).toBe(0);
      expect(it_.usage.records.filter((record) => record.type === 'unblock')).toEqual([
        expect.objectContaining({ subject: '127.0.0.1', reason: 'lifted' }),
      ]);
      await eventually('no FreeSWITCH channels', async () => (await it_.fs.channelCount()) === 0);
    }, 60_000);
  });

  describe('with block_response drop', () => {
    let it_: TestFoyer;
    beforeAll(async () => {
      it_ = await startTestFoyer(DEFAULT_MEETING_SETTINGS, { blockResponse: 'drop' });
    }, 60_000);
    afterAll(async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
      await it_?.stop();
    });

    it("a scanner's INVITE gets no answer at all", async () => {
      const run = await runSipp(refusedInviteScenario(SCANNER, 'drop', 4000), SIP!, '1000', 20);
      expect(run.code, run.output).toBe(0);
      expect(it_.usage.records.find((record) => record.type === 'call_ended')).toMatchObject({
        outcome: 'rejected',
        reason: 'scanner_ua',
      });
    }, 30_000);
  });
});
