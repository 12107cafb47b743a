import { describe, expect, it } from 'vitest';
import { parseLocationRules } from '../../src/config/index.js';
import { CallerLocations } from '../../src/telephony/index.js';

const locations = new CallerLocations({
  rules: parseLocationRules(['10.1.0.0/16=newyork', '10.0.0.0/8=london', '2001:db8::/32=newyork']),
  header: 'X-Foyer-Location',
  known: ['london', 'newyork'],
  fallback: 'london',
});
const caller = (source: string, headers: Record<string, string> = {}) => ({
  source,
  header: (name: string) => headers[name],
});

describe("a caller's location", () => {
  it('from the first network rule containing the source address (IPv4, IPv6, IPv4 as IPv6)', () => {
    expect(locations.of(caller('10.1.2.3'))).toEqual({ location: 'newyork', by: 'network' });
    expect(locations.of(caller('10.2.2.3'))).toEqual({ location: 'london', by: 'network' });
    expect(locations.of(caller('2001:db8::7'))).toEqual({ location: 'newyork', by: 'network' });
    expect(locations.of(caller('::ffff:10.1.0.9'))).toEqual({ location: 'newyork', by: 'network' });
  });

  it('the header wins when it names a location of the pool; otherwise it is ignored', () => {
    expect(locations.of(caller('10.2.2.3', { 'X-Foyer-Location': 'newyork' }))).toEqual({
      location: 'newyork',
      by: 'header',
    });
    expect(locations.of(caller('10.2.2.3', { 'X-Foyer-Location': 'paris' })).location).toBe('london');
  });

  it("no rule matches: the default location (the first server's)", () => {
    expect(locations.of(caller('192.0.2.1'))).toEqual({ location: 'london', by: 'default' });
  });

  it('a rule naming a location no server is in stops start-up', () => {
    expect(
      () =>
        new CallerLocations({ rules: parseLocationRules(['10.0.0.0/8=paris']), known: ['london'], fallback: 'london' }),
    ).toThrow(/"10\.0\.0\.0\/8=paris" names a location no FreeSWITCH is in \(london\)/);
  });
});
