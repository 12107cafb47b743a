import { describe, expect, it } from 'vitest';
import { DtmfArbiter, keyFromInfo } from '../../src/telephony/index.js';

describe('DTMF', () => {
  it('reads SIP INFO bodies', () => {
    expect(keyFromInfo('application/dtmf-relay', 'Signal=5\r\nDuration=160')).toBe('5');
    expect(keyFromInfo('application/dtmf-relay; charset=x', 'signal = 11')).toBe('#');
    expect(keyFromInfo('application/dtmf-relay', 'Signal=10')).toBe('*');
    expect(keyFromInfo('application/dtmf-relay', 'Signal=d')).toBe('D');
    expect(keyFromInfo('application/dtmf', '#')).toBe('#');
    expect(keyFromInfo('application/dtmf-relay', 'Signal=12')).toBeUndefined();
    expect(keyFromInfo('text/plain', '5')).toBeUndefined();
  });

  it('one transport per call: a genuine 11 is two keys, never merged, and no key counts twice', () => {
    const arbiter = new DtmfArbiter();
    expect(arbiter.accept('sip_info', '1')).toBe('1');
    expect(arbiter.accept('rfc4733', '1')).toBeUndefined();
    expect(arbiter.accept('sip_info', '1')).toBe('1');
    expect(arbiter.transport).toBe('sip_info');
  });
});
