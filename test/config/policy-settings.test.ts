import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config/index.js';
import { tempFile } from '../helpers/files.js';

describe('policy settings: the policy: section, FOYER_POLICY_*, --policy-url', () => {
  const file = tempFile(
    'foyer.yaml',
    [
      'policy:',
      '  url: https://policy.example.com/pexip',
      '  fallback: reject',
      '  timeout: 2s',
      '  cache: 10',
      '  max_in_flight: 20',
      '  username: foyer',
      '  password_file: secrets/policy-password',
      '  ca: ca.pem',
      '  participant: true',
      '  serve: true',
      'http_address: 0.0.0.0',
      '',
    ].join('\n'),
  );

  it('reads the section, durations (a bare number is seconds) and paths relative to the file', () => {
    const settings = resolveSettings({ env: {}, configFile: file });
    expect(settings).toMatchObject({
      policyUrl: 'https://policy.example.com/pexip',
      policyFallback: 'reject',
      policyTimeout: 2_000,
      policyCache: 10_000,
      policyMaxInFlight: 20,
      policyUsername: 'foyer',
      policyPasswordFile: resolve(file, '..', 'secrets/policy-password'),
      policyCa: resolve(file, '..', 'ca.pem'),
      policyParticipant: true,
      policyServe: true,
      httpAddress: '0.0.0.0',
    });
  });

  it('the environment beats the file, and the flag beats the environment', () => {
    const settings = resolveSettings({
      env: { FOYER_POLICY_URL: 'http://env:8080', FOYER_POLICY_TIMEOUT: '750ms', FOYER_POLICY_FALLBACK: 'local' },
      configFile: file,
    });
    expect(settings).toMatchObject({ policyUrl: 'http://env:8080', policyTimeout: 750, policyFallback: 'local' });
    const flagged = resolveSettings({
      env: { FOYER_POLICY_URL: 'http://env:8080' },
      flags: { policyUrl: 'http://flag' },
    });
    expect(flagged.policyUrl).toBe('http://flag');
  });

  it('defaults: no policy server, local fallback, 5 s, 50 in flight, no cache, loopback HTTP', () => {
    expect(resolveSettings({ env: {} })).toMatchObject({
      policyUrl: '',
      policyFallback: 'local',
      policyTimeout: 5_000,
      policyMaxInFlight: 50,
      policyCache: 0,
      policyServe: false,
      httpAddress: '127.0.0.1',
    });
  });

  it('a bad value names the file, line and field', () => {
    const bad = tempFile('foyer.yaml', 'policy:\n  url: http://x\n  fallback: maybe\n  timeout: soon\n');
    expect(() => resolveSettings({ env: {}, configFile: bad })).toThrow(/:3: policy\.fallback: /);
    expect(() => resolveSettings({ env: {}, configFile: bad })).toThrow(/:4: policy\.timeout: must be a duration/);
    expect(() => resolveSettings({ env: { FOYER_POLICY_CACHE: 'a while' } })).toThrow(/FOYER_POLICY_CACHE/);
  });

  it('a variable or flag Foyer cannot use names itself and the other places the setting is given', () => {
    expect(() => resolveSettings({ env: { FOYER_POLICY_FALLBACK: 'maybe' } })).toThrow(
      'FOYER_POLICY_FALLBACK=maybe: must be local or reject (also settable with config file key policy.fallback)',
    );
    expect(() => resolveSettings({ env: { FOYER_POLICY_MAX_IN_FLIGHT: '0' } })).toThrow(
      /FOYER_POLICY_MAX_IN_FLIGHT=0: must be a whole number of at least 1/,
    );
    expect(() => resolveSettings({ env: {}, flags: { policyUrl: 'policy.example.com' } })).toThrow(
      /--policy-url policy.example.com: must be an http:\/\/ or https:\/\/ URL.*FOYER_POLICY_URL, config file key policy.url/,
    );
    // A URL carrying credentials is never repeated in a message.
    expect(() => resolveSettings({ env: { FOYER_POLICY_URL: 'ftp://user:s3cret@policy' } })).toThrow(
      /FOYER_POLICY_URL=ftp:\/\/…@policy/,
    );
  });

  it('a mistyped field in the policy section gets a suggestion', () => {
    const typo = tempFile('foyer.yaml', 'policy:\n  url: http://x\n  fallbak: local\n');
    expect(() => resolveSettings({ env: {}, configFile: typo })).toThrow(
      /:3: policy: unknown field "fallbak"; did you mean "fallback"\?/,
    );
  });
});
