import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  Networks,
  identityIn,
  isScannerAgent,
  policyFrom,
  resolveSource,
  type SecurityPolicy,
} from '../../src/security/index.js';

const behindTrunk = (sourceHeader: string): SecurityPolicy => ({
  ...DEFAULT_POLICY,
  trustedProxies: Networks.parse(['198.51.100.0/28', '2001:db8::/32'], 'test'),
  sourceHeader,
});

describe('who the source of a request is', () => {
  it('is the packet address for callers who do not come through a trusted proxy', () => {
    expect(resolveSource({ address: '203.0.113.9', from: 'sip:bob@example.com' }, behindTrunk(''))).toEqual({
      id: '203.0.113.9',
      address: '203.0.113.9',
      viaProxy: false,
      allowed: false,
    });
  });

  it('behind a trusted proxy: the first address of an X-Forwarded-For-style header', () => {
    const headers: Record<string, string> = { 'X-Forwarded-For': '203.0.113.7:5060, 10.0.0.1' };
    const source = resolveSource(
      { address: '198.51.100.2', header: (name) => headers[name] },
      behindTrunk('X-Forwarded-For'),
    );
    expect(source).toEqual({ id: '203.0.113.7', address: '198.51.100.2', viaProxy: true, allowed: false });
  });

  it('behind a trusted proxy: the user of a P-Asserted-Identity, scoped to the proxy', () => {
    const headers: Record<string, string> = {
      'P-Asserted-Identity': '"Bob" <sip:+4722334455@trunk.example.net;user=phone>, <tel:+4722334455>',
    };
    const source = resolveSource(
      { address: '198.51.100.2', header: (name) => headers[name] },
      behindTrunk('P-Asserted-Identity'),
    );
    expect(source.id).toBe('+4722334455@198.51.100.2');
  });

  it('behind a trusted proxy without the header (or with none configured): the caller ID', () => {
    expect(
      resolveSource(
        { address: '198.51.100.2', from: 'sip:alice@example.com', header: () => undefined },
        behindTrunk('X-Forwarded-For'),
      ).id,
    ).toBe('alice@198.51.100.2');
    expect(resolveSource({ address: '2001:db8::5', from: 'tel:+4711' }, behindTrunk('')).id).toBe('+4711@2001:db8::5');
    expect(resolveSource({ address: '198.51.100.2', from: 'sip:example.com' }, behindTrunk('')).id).toBe(
      'unknown@198.51.100.2',
    );
  });

  it('the allow list holds for the packet address, or for the address a trusted proxy names', () => {
    const policy = { ...behindTrunk('X-Forwarded-For'), allowList: Networks.parse(['192.0.2.0/24'], 'test') };
    expect(resolveSource({ address: '192.0.2.9' }, policy).allowed).toBe(true);
    expect(resolveSource({ address: '::ffff:192.0.2.9' }, policy).allowed).toBe(true);
    expect(resolveSource({ address: '198.51.100.2', header: () => '192.0.2.77' }, policy).allowed).toBe(true);
    expect(resolveSource({ address: '198.51.100.2', header: () => '203.0.113.1' }, policy).allowed).toBe(false);
  });

  it('reads identities from header values, and refuses junk', () => {
    expect(identityIn('[2001:db8::7]:5060')).toBe('2001:db8::7');
    expect(identityIn('sips:carol@example.com')).toBe('carol');
    expect(identityIn('   ')).toBeUndefined();
    expect(identityIn('a b')).toBeUndefined();
    expect(identityIn('x'.repeat(200))).toBeUndefined();
  });
});

describe('settings of abuse resistance', () => {
  const settings = {
    allowList: [],
    trustedProxies: [],
    sourceHeader: '',
    scannerUserAgents: ['friendly-scanner', 'VaxSIPUserAgent'],
    blockResponse: 'reject',
  };

  it('scanner user agents match case-insensitively anywhere in the header', () => {
    const policy = policyFrom(settings);
    expect(isScannerAgent(policy, 'friendly-scanner')).toBe(true);
    expect(isScannerAgent(policy, 'VaxSIPUserAgent/3.1')).toBe(true);
    expect(isScannerAgent(policy, 'Mozilla FRIENDLY-SCANNER')).toBe(true);
    expect(isScannerAgent(policy, 'Polycom RealPresence')).toBe(false);
    expect(isScannerAgent(policy, undefined)).toBe(false);
  });

  it('a bad network or block response is an error that names the setting', () => {
    expect(() => policyFrom({ ...settings, allowList: ['10.0.0.0/33'] })).toThrow(
      'FOYER_ALLOW_LIST: "10.0.0.0/33": the prefix length must be 0 to 32',
    );
    expect(() => policyFrom({ ...settings, trustedProxies: ['sbc.example.com'] })).toThrow(
      'FOYER_TRUSTED_PROXIES: "sbc.example.com" is not an address or network',
    );
    expect(() => policyFrom({ ...settings, blockResponse: '404' })).toThrow(
      'FOYER_BLOCK_RESPONSE: "404" must be reject',
    );
  });
});
