import { describe, expect, it } from 'vitest';
import { parseAlias, StaticDirectory, type Service } from '../../src/directory/index.js';

const room = (name: string, aliases: string[]): Service => ({ name, type: 'vmr', aliases, allowGuests: false });

describe('alias matching', () => {
  it('ignores scheme, URI parameters, headers, port and case', () => {
    expect(parseAlias('sips:Meet.Alice@Example.COM:5061;transport=tls?subject=x')).toEqual({
      user: 'meet.alice',
      domain: 'example.com',
    });
    expect(parseAlias('<sip:1001@10.0.0.1>')).toEqual({ user: '1001', domain: '10.0.0.1' });
    expect(parseAlias('1001')).toEqual({ user: '1001' });
  });

  it('an alias without a domain matches any domain; one with a domain only that domain', async () => {
    const directory = new StaticDirectory([room('A', ['1001']), room('B', ['meet.b@example.com'])]);
    expect((await directory.lookup('sip:1001@anywhere.net'))?.name).toBe('A');
    expect((await directory.lookup('1001'))?.name).toBe('A');
    expect((await directory.lookup('sip:MEET.B@example.com;user=phone'))?.name).toBe('B');
    expect(await directory.lookup('sip:meet.b@other.com')).toBeUndefined();
    expect(await directory.lookup('meet.b')).toBeUndefined();
    expect(await directory.lookup('sip:1002@example.com')).toBeUndefined();
  });

  it('a domain-specific alias wins over a domain-free one', async () => {
    const directory = new StaticDirectory([room('Any', ['meet']), room('Exact', ['meet@example.com'])]);
    expect((await directory.lookup('sip:meet@example.com'))?.name).toBe('Exact');
    expect((await directory.lookup('sip:meet@other.com'))?.name).toBe('Any');
  });
});
