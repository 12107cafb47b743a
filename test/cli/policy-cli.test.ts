import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/index.js';
import { FIXTURES } from '../helpers/bundle.js';
import { jsonLines } from '../helpers/cli.js';
import { tempFile } from '../helpers/files.js';
import { continueWith, json, startPolicyServer, type PolicyServer } from '../helpers/policy-server.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'foyer.js');
const PIN = '918273';

/** Runs the real command in its own process, without blocking this one (the policy server lives here). */
function foyer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, cwd: PACKAGE_ROOT, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let server: PolicyServer;
beforeAll(async () => {
  server = await startPolicyServer((request, res) => {
    const alias = (request.query.get('local_alias') ?? '').split('@')[0];
    const names: Record<string, string> = { 'meet.alice': 'Alice', '4321': 'Room 4321' };
    const name = alias === undefined ? undefined : names[alias];
    json(
      res,
      name ? continueWith({ service_type: 'conference', name, pin: PIN }) : { status: 'success', action: 'continue' },
    );
  });
});
afterAll(() => server.close());

describe('foyer simulate with an external policy server', () => {
  it('--policy-url reaches a room only the server knows, directly and from the reception, and exits', async () => {
    const direct = await foyer([
      'simulate',
      '--policy-url',
      server.url,
      '--to',
      'meet.alice',
      '--keys',
      `${PIN}#`,
      '--json',
    ]);
    expect(direct.code).toBe(0);
    expect(jsonLines(direct.stdout).at(-1)).toMatchObject({
      type: 'end',
      outcome: 'joined',
      service: 'Alice',
      role: 'host',
    });
    const reception = await foyer(['simulate', '--to', '8000', '--keys', `4321#${PIN}#`, '--json'], {
      FOYER_POLICY_URL: server.url,
    });
    expect(jsonLines(reception.stdout).at(-1)).toMatchObject({
      outcome: 'joined',
      service: 'Room 4321',
      via: 'Reception',
    });
    expect(direct.stdout + direct.stderr + reception.stdout + reception.stderr).not.toContain(PIN);
  }, 90_000);

  it('a scenario names its policy server with policy: URL', async () => {
    const scenario = tempFile(
      'policy.yaml',
      `services: ${join(FIXTURES, 'services.yaml')}\npolicy: ${server.url}\ncallers:\n  - { id: a, to: meet.alice, keys: "${PIN}#" }\n  - { id: b, to: "1002", keys: "1234#", at: 1 }\n`,
    );
    const run = await foyer(['simulate', '--scenario', scenario, '--json']);
    expect(run.code).toBe(0);
    const ends = jsonLines(run.stdout).filter((line) => line.type === 'end');
    expect(ends).toEqual([
      expect.objectContaining({ caller: 'a', service: 'Alice', admitted: true }),
      expect.objectContaining({ caller: 'b', service: 'Host only', admitted: true }),
    ]);
  }, 90_000);

  it('a policy URL it cannot use is a usage error naming the setting', async () => {
    const run = await foyer(['simulate', '--policy-url', 'policy.example.com', '--to', '1000', '--keys', '']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--policy-url policy.example.com: must be an http:// or https:// URL');
    expect(run.stderr).toContain('FOYER_POLICY_URL, config file key policy.url');
  }, 90_000);
});
