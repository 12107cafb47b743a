import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFile } from '../helpers/files.js';
import { testBundle } from '../helpers/bundle.js';
import { announceSkip, backends, eventually, startTestFoyer, type TestFoyer } from './harness.js';
import { haveSipp, referAcceptedScenario, runSipp } from './sipp.js';

announceSkip('TRANSFER TESTS');

/** One room hosted elsewhere, reached by REFER (what the FreeSWITCH back-end does today). */
const SERVICES = `services:
  - name: Town hall
    type: auditorium
    aliases: ["2003"]
    target:
      uri: "sip:town-hall@partner.example.com"
      method: refer
      headers: { X-Foyer-Role: "{role}" }
      ring_timeout: 20s
`;

const freeswitchBackends = backends.filter((backend) => backend !== 'embedded');

// Without real servers the suite is still declared (and skipped): an empty each declares none.
describe
  .skipIf(freeswitchBackends.length === 0 || !haveSipp())
  .each(freeswitchBackends.length > 0 ? freeswitchBackends : (['freeswitch'] as const))(
  'rooms hosted elsewhere on real servers (%s)',
  (backend) => {
    let it_: TestFoyer;

    beforeAll(async () => {
      const services = tempFile('services.yaml', SERVICES);
      it_ = await startTestFoyer(backend, { bundle: () => testBundle(services) });
    }, 60_000);

    afterAll(async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset if beforeAll failed or was skipped
      await it_?.stop();
    });

    it('a SIPp caller that accepts REFER gets the right Refer-To, and Foyer leaves the call with nothing behind', async () => {
      const referTo = '&lt;sip:town-hall@partner\\.example\\.com\\?X-Foyer-Role=host&gt;';
      const run = await runSipp(referAcceptedScenario(referTo), it_.sip, '2003', 40);
      expect(run.code, run.output).toBe(0);
      await eventually('the call to be recorded', () =>
        it_.usage.records.some((record) => record.type === 'call_ended'),
      );
      expect(it_.usage.records.find((record) => record.type === 'transfer')).toMatchObject({
        service: 'Town hall',
        target: 'sip:town-hall@partner.example.com',
        method: 'refer',
        result: 'referred',
        status: 200,
      });
      expect(it_.usage.records.find((record) => record.type === 'call_ended')).toMatchObject({
        outcome: 'transferred',
        reason: 'referred',
        role: 'host',
      });
      await eventually('no calls left on the media side', async () => (await it_.channelCount()) === 0);
      await eventually('Foyer to hold nothing', () => Object.keys(it_.resources.holders()).length === 0);
    }, 60_000);
  },
);
