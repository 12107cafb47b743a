import { afterEach, describe, expect, it } from 'vitest';
import { policyFor, serveCredentialsFor } from '../../src/cli/policy-for.js';
import { DEFAULTS, type Settings } from '../../src/config/index.js';
import type { PolicyConnection } from '../../src/directory/index.js';
import { capturedLogger } from '../helpers/captured-log.js';
import { tempFile } from '../helpers/files.js';
import { startPolicyServer, json, type PolicyServer } from '../helpers/policy-server.js';

let server: PolicyServer | undefined;
let connection: PolicyConnection | undefined;
afterEach(async () => {
  await connection?.close();
  await server?.close();
  server = connection = undefined;
});

const settings = (changes: Partial<Settings>): Settings => ({ ...DEFAULTS, ...changes });

describe('the policy connection from the settings', () => {
  it('none without policy.url', () => {
    expect(policyFor(settings({}), capturedLogger().logger)).toBeUndefined();
  });

  it('reads the password from its file (first line), sends it, and never logs it', async () => {
    server = await startPolicyServer((_request, res) => json(res, { status: 'success', action: 'reject' }));
    const file = tempFile('password', 'pa55-from-file\nsecond line\n');
    const log = capturedLogger();
    connection = policyFor(
      settings({ policyUrl: server.url, policyUsername: 'foyer', policyPassword: 'ignored', policyPasswordFile: file }),
      log.logger,
    );
    await connection!.client.ask('service', new URLSearchParams());
    expect(server.requests[0]!.authorization).toBe(`Basic ${Buffer.from('foyer:pa55-from-file').toString('base64')}`);
    expect(log.lines()).toContainEqual(expect.objectContaining({ event: 'policy_server', server: server.url }));
    expect(log.text()).not.toContain('pa55');
  });

  it('bad settings are usage errors naming the setting', () => {
    const logger = capturedLogger().logger;
    expect(() => policyFor(settings({ policyUrl: 'http://x', policyFallback: 'maybe' }), logger)).toThrow(
      /policy.fallback "maybe" must be local or reject/,
    );
    expect(() => policyFor(settings({ policyUrl: 'http://x', policyMaxInFlight: 0 }), logger)).toThrow(
      /policy.max_in_flight/,
    );
    expect(() => policyFor(settings({ policyUrl: 'http://x', policyCa: '/nonexistent/ca.pem' }), logger)).toThrow(
      /policy.ca: cannot read \/nonexistent\/ca.pem: ENOENT/,
    );
  });

  it('serve credentials: both or neither', () => {
    expect(serveCredentialsFor(settings({}))).toBeUndefined();
    expect(serveCredentialsFor(settings({ policyServeUsername: 'peer', policyServePassword: 'pw' }))).toEqual({
      username: 'peer',
      password: 'pw',
    });
    expect(() => serveCredentialsFor(settings({ policyServeUsername: 'peer' }))).toThrow(/go together/);
  });
});
