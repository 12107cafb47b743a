import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPolicy } from '../../src/bundle/index.js';
import { PolicyConnection } from '../../src/directory/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { testBundle } from '../helpers/bundle.js';
import { continueWith, json, startPolicyServer, type PolicyServer } from '../helpers/policy-server.js';
import { announceSkip, eventually, servers, startTestFoyer, type TestFoyer } from './harness.js';

announceSkip('POLICY INTEGRATION TESTS');
const SIP = servers?.sip;

describe.skipIf(!servers)('foyer start with an external policy server, on real drachtio-server and FreeSWITCH', () => {
  let policyServer: PolicyServer;
  let policy: PolicyConnection;
  let it_: TestFoyer;

  beforeAll(async () => {
    policyServer = await startPolicyServer((request, res) => {
      const user = (request.query.get('local_alias') ?? '').replace(/^sips?:/, '').split('@')[0];
      const known = user === 'meet.policy' || user === '4321';
      json(
        res,
        known
          ? continueWith({ service_type: 'conference', name: 'Policy room', pin: '97531' })
          : { status: 'success', action: 'continue' },
      );
    });
    policy = new PolicyConnection({ url: policyServer.url, logger: silentLogger });
    it_ = await startTestFoyer(undefined, {}, { bundle: withPolicy(testBundle(), policy), policy });
  }, 60_000);

  afterAll(async () => {
    await it_.stop();
    await policyServer.close();
  });

  const hostIn = (prefix: string) =>
    eventually(`a moderator in ${prefix}`, async () =>
      (await it_.fs.conferenceMembers(prefix)).find((member) => member.flags.includes('moderator')),
    );

  it('a room only the policy server knows: dialled directly, and keyed at the reception, with its PIN', async () => {
    const direct = await it_.fs.originate(`sip:meet.policy@${SIP}`);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await it_.fs.sendDtmf(direct, '97531#');
    expect((await hostIn('foyer-policy-room-')).flags).toContain('moderator');
    await it_.fs.hangup(direct);
    const viaReception = await it_.fs.originate(`sip:8000@${SIP}`);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await it_.fs.sendDtmf(viaReception, '4321#');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await it_.fs.sendDtmf(viaReception, '97531#');
    expect((await hostIn('foyer-policy-room-')).flags).toContain('moderator');
    await it_.fs.hangup(viaReception);
    const port = (it_.foyer.http.address() as AddressInfo).port;
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
    expect(health.policy).toMatchObject({ server: policyServer.url, state: 'up', fallback: 'local' });
  }, 60_000);
});
