import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromPexip, toPexip } from '../../src/directory/index.js';
import { params } from '../helpers/fuzz.js';

/** A reception's rewrite as Foyer's routing applies it (reception-routing.ts). */
function foyerRewrite(entry: string, match: RegExp, replace: string | undefined): string | undefined {
  if (!match.test(entry)) return undefined;
  return replace === undefined ? entry : entry.replace(match, replace);
}

describe("Pexip's regular expressions and Foyer's", () => {
  it('reads Python syntax: whole-entry match, any letter case, \\1 and \\g<name>, a literal $', () => {
    const rewrite = fromPexip('(?P<room>\\d{4})', 'meet.\\g<room>.\\1$')!;
    expect(foyerRewrite('1234', rewrite.match, rewrite.replace)).toBe('meet.1234.1234$');
    expect(foyerRewrite('12345', rewrite.match, rewrite.replace)).toBeUndefined();
    expect(foyerRewrite('MEET', fromPexip('meet', undefined)!.match, undefined)).toBe('MEET');
    expect(fromPexip('', 'ignored')).toBeUndefined();
    expect(fromPexip(undefined, undefined)).toBeUndefined();
  });

  it('says what is wrong with a pattern it cannot run', () => {
    expect(() => fromPexip('([', undefined)).toThrow(/not a regular expression Foyer can run/);
    expect(() => fromPexip('(.*)', '\\q')).toThrow(/not a group reference/);
  });

  const patterns: [string, string | undefined][] = [
    ['^(\\d{4})$', 'meet.$1'],
    ['^(\\d{4})$', undefined],
    ['(\\d)(\\d)', '$2$1'],
    ['0', 'zero'],
    ['^9', ''],
    ['(?<area>\\d{2})', '[$<area>]'],
    ['\\d+', '<$&>'],
    ['5', "$`|$'|$$"],
    ['^(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)', '$11-$10-$1'],
  ];

  it.each(patterns)('%s → %s means the same, written for Pexip and read back', (source, replace) => {
    const match = new RegExp(source);
    const pexip = toPexip(match, replace);
    const back = fromPexip(pexip.match_string, pexip.replace_string)!;
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}$/), (entry) => {
        expect(foyerRewrite(entry, back.match, back.replace)).toBe(foyerRewrite(entry, match, replace));
      }),
      params(200),
    );
  });
});
