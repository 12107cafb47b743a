import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPolicy } from '../../src/bundle/index.js';
import { PolicyConnection } from '../../src/directory/index.js';
import { silentLogger } from '../../src/observability/index.js';
import { continueWith, json, startPolicyServer, type PolicyServer } from '../helpers/policy-server.js';
import { announceSkip, backends, eventually, sleep, startTestFoyer, type TestFoyer } from './harness.js';

announceSkip('POLICY INTEGRATION TESTS');

describe.each(backends)('foyer start with an external policy server (%s)', (backend) => {
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
    it_ = await startTestFoyer(backend, { bundle: (bundle) => withPolicy(bundle, policy), policy });
  }, 60_000);

  afterAll(async () => {
    await it_.stop();
    await policyServer.close();
  });

  const hostIn = (prefix: string) =>
    eventually(`a moderator in ${prefix}`, async () =>
      (await it_.conferenceMembers(prefix)).find((member) => member.flags.includes('moderator')),
    );

  it('a room only the policy server knows: dialled directly, and keyed at the reception, with its PIN', async () => {
    const direct = await it_.call('meet.policy');
    await sleep(2500);
    await direct.sendDtmf('97531#');
    expect((await hostIn('foyer-policy-room-')).flags).toContain('moderator');
    await direct.hangup();
    // The policy server is told where the call came from, as Pexip tells it.
    const asked = policyServer.requests.find((request) => request.query.get('local_alias')?.includes('meet.policy'));
    expect(asked?.query.get('remote_address')).toBe('127.0.0.1');
    expect(Number(asked?.query.get('remote_port'))).toBeGreaterThan(0);
    await eventually(
      'the first call gone',
      async () => (await it_.conferenceMembers('foyer-policy-room-')).length === 0,
    );
    const viaReception = await it_.call('8000');
    await sleep(2500);
    await viaReception.sendDtmf('4321#');
    await sleep(4000);
    await viaReception.sendDtmf('97531#');
    expect((await hostIn('foyer-policy-room-')).flags).toContain('moderator');
    await viaReception.hangup();
    const port = (it_.foyer.http.address() as AddressInfo).port;
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
    expect(health.policy).toMatchObject({ server: policyServer.url, state: 'up', fallback: 'local' });
  }, 60_000);
});
