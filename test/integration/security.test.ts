import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, backends, eventually, startTestFoyer, type TestFoyer } from './harness.js';
import { hangupScenario, haveSipp, refusedInviteScenario, runSipp } from './sipp.js';
import { skipNotice } from '../helpers/skip-notice.js';

if (!haveSipp()) skipNotice('abuse integration tests', 'SIPp is not installed (apt-get install sip-tester)');
announceSkip('ABUSE INTEGRATION TESTS');
// drachtio-server's own spammer list already turns away friendly-scanner and sipcli; this one reaches Foyer.
const SCANNER = 'VaxSIPUserAgent/3.1';

describe.skipIf(!haveSipp()).each(backends)('abuse resistance (%s, SIPp callers)', (backend) => {
  describe('with block_response reject', () => {
    let it_: TestFoyer;
    beforeAll(async () => {
      it_ = await startTestFoyer(backend, { overrides: { blockResponse: 'reject' } });
    }, 60_000);
    afterAll(async () => {
      await it_?.stop();
    });

    const ended = (reason: string) =>
      eventually(`a call_ended ${reason}`, async () =>
        it_.usage.records.find((record) => record.type === 'call_ended' && record.reason === reason),
      );

    it("a scanner's INVITE gets 403 with no body, at once", async () => {
      const run = await runSipp(refusedInviteScenario(SCANNER, 'reject'), it_.sip, '1000', 20);
      expect(run.code, run.output).toBe(0);
      expect(await ended('scanner_ua')).toMatchObject({ outcome: 'rejected', source: '127.0.0.1' });
    }, 30_000);

    it("a blocked source's INVITE gets 403 with no body; once lifted, its call is answered", async () => {
      const { guard } = it_.foyer;
      const source = guard.sourceOf({ address: '127.0.0.1' });
      for (let i = 0; i < 21; i++) await guard.scanned(source, `scan-${i}`);
      try {
        const run = await runSipp(refusedInviteScenario('Foyer integration test', 'reject'), it_.sip, '1000', 20);
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
      const answered = await runSipp(hangupScenario(1500), it_.sip, '1000', 20);
      expect(answered.code, answered.output).toBe(0);
      expect(it_.usage.records.filter((record) => record.type === 'unblock')).toEqual([
        expect.objectContaining({ subject: '127.0.0.1', reason: 'lifted' }),
      ]);
      await eventually('no calls left on the media side', async () => (await it_.channelCount()) === 0);
    }, 60_000);
  });

  describe('with block_response drop', () => {
    let it_: TestFoyer;
    beforeAll(async () => {
      it_ = await startTestFoyer(backend, { overrides: { blockResponse: 'drop' } });
    }, 60_000);
    afterAll(async () => {
      await it_?.stop();
    });

    it("a scanner's INVITE gets no answer at all", async () => {
      const run = await runSipp(refusedInviteScenario(SCANNER, 'drop', 4000), it_.sip, '1000', 20);
      expect(run.code, run.output).toBe(0);
      expect(it_.usage.records.find((record) => record.type === 'call_ended')).toMatchObject({
        outcome: 'rejected',
        reason: 'scanner_ua',
      });
    }, 30_000);
  });
});
