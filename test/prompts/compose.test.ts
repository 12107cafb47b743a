import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { Catalogue, PromptValueError, type PromptRequest } from '../../src/prompts/index.js';
import { MessageSyntaxError, parseMessage } from '../../src/prompts/message-syntax.js';

const catalogue = Catalogue.load(DEFAULTS.promptsDir, 'en-US');

/** The parts a caller hears, in order, and the sentence they make. */
function heard(request: PromptRequest, language: string) {
  const refs = catalogue.sequence([request], { theme: 'base', language });
  return { parts: refs.map((ref) => ref.id), texts: refs.map((ref) => ref.text), text: refs[0]?.composed?.text, refs };
}

describe('attempts left, composed from parts with each language’s plural rules', () => {
  it.each([
    [
      'en-US',
      2,
      ['pin.attempts_left--2', 'number.2', 'pin.attempts_left--3'],
      ['You have', 'two', 'attempts left.'],
      'You have two attempts left.',
    ],
    ['en-US', 1, ['pin.attempts_left--1'], ['You have one attempt left.'], 'You have one attempt left.'],
    [
      'de-DE',
      2,
      ['pin.attempts_left--2', 'number.2', 'pin.attempts_left--3'],
      ['Sie haben noch', 'zwei', 'Versuche.'],
      'Sie haben noch zwei Versuche.',
    ],
    ['de-DE', 1, ['pin.attempts_left--1'], ['Sie haben noch einen Versuch.'], 'Sie haben noch einen Versuch.'],
    [
      'nb-NO',
      2,
      ['pin.attempts_left--2', 'number.2', 'pin.attempts_left--3'],
      ['Du har', 'to', 'forsøk igjen.'],
      'Du har to forsøk igjen.',
    ],
    ['nb-NO', 1, ['pin.attempts_left--1'], ['Du har ett forsøk igjen.'], 'Du har ett forsøk igjen.'],
  ])('%s, %i left', (language, attempts, parts, texts, text) => {
    const result = heard({ id: 'pin.attempts_left', values: { attempts } }, language);
    expect(result.parts).toEqual(parts);
    expect(result.texts).toEqual(texts);
    expect(result.text).toBe(text);
    for (const ref of result.refs) expect(ref.file).toBe(`base/${language}/${ref.id}.wav`);
  });
});

describe('the reception reads back a number digit by digit', () => {
  it.each([
    ['en-US', 'The number one two three four is not valid. Please try again.', ['one', 'two', 'three', 'four']],
    [
      'de-DE',
      'Die Nummer eins zwo drei vier ist ungültig. Bitte versuchen Sie es noch einmal.',
      ['eins', 'zwo', 'drei', 'vier'],
    ],
    ['nb-NO', 'Nummeret én to tre fire er ugyldig. Prøv igjen.', ['én', 'to', 'tre', 'fire']],
  ])('%s', (language, text, digits) => {
    const result = heard({ id: 'reception.number_not_found', values: { number: '1234' } }, language);
    expect(result.text).toBe(text);
    expect(result.parts).toEqual([
      'reception.number_not_found--1',
      'digit.1',
      'digit.2',
      'digit.3',
      'digit.4',
      'reception.number_not_found--2',
    ]);
    expect(result.texts.slice(1, 5)).toEqual(digits);
  });

  it('a leading zero is read, not dropped', () => {
    expect(heard({ id: 'reception.number_not_found', values: { number: '0042' } }, 'en-US').text).toBe(
      'The number zero zero four two is not valid. Please try again.',
    );
  });
});

describe('numbers above twenty follow each language’s word order', () => {
  const count = (language: string, value: number) =>
    heard({ id: 'meeting.participant_count', values: { count: value } }, language);

  it('English: tens then units', () => {
    expect(count('en-US', 25).text).toBe('There are twenty-five other participants.');
    expect(count('en-US', 25).parts).toEqual([
      'meeting.participant_count--2',
      'number.20',
      'number.5',
      'meeting.participant_count--3',
    ]);
    expect(count('en-US', 1).text).toBe('There is one other participant.');
  });

  it('German: units first, joined by "und"; one is "ein" in a compound', () => {
    expect(count('de-DE', 25).text).toBe('Außer Ihnen sind fünfundzwanzig Personen in der Konferenz.');
    expect(count('de-DE', 25).parts).toEqual([
      'meeting.participant_count--2',
      'number.5',
      'number.compound--2',
      'number.20',
      'meeting.participant_count--3',
    ]);
    expect(count('de-DE', 21).parts).toEqual([
      'meeting.participant_count--2',
      'number.compound--1',
      'number.20',
      'meeting.participant_count--3',
    ]);
    expect(count('de-DE', 21).text).toBe('Außer Ihnen sind einundzwanzig Personen in der Konferenz.');
  });

  it('Norwegian: tens then units, one word', () => {
    expect(count('nb-NO', 34).text).toBe('Det er trettifire andre deltakere i møtet.');
    expect(count('nb-NO', 34).parts).toEqual([
      'meeting.participant_count--2',
      'number.30',
      'number.4',
      'meeting.participant_count--3',
    ]);
  });

  it('numbers beyond 99 are read digit by digit', () => {
    expect(count('en-US', 120).text).toBe('There are one two zero other participants.');
  });
});

describe('composed prompts refuse what they cannot say', () => {
  it('a missing or bad value is a PromptValueError naming the prompt and the value', () => {
    expect(() =>
      catalogue.sequence([{ id: 'pin.attempts_left', values: {} }], { theme: 'base', language: 'en-US' }),
    ).toThrow(new PromptValueError('prompt "pin.attempts_left" needs a value for {attempts}'));
    expect(() =>
      catalogue.sequence([{ id: 'pin.attempts_left', values: { attempts: -1 } }], { theme: 'base', language: 'en-US' }),
    ).toThrow(/must be a whole number/);
  });

  it('resolve() refuses a composed prompt rather than playing half of it', () => {
    expect(() => catalogue.resolve('pin.attempts_left', { theme: 'base', language: 'en-US' })).toThrow(
      /composed with values \(attempts\)/,
    );
  });

  it.each([
    ['{attempts}', /needs a type/],
    ['{attempts, count}', /unknown type "count"/],
    ['{attempts, plural, one {x}}', /needs an "other \{...\}" branch/],
    ['{attempts, plural, several {x} other {y}}', /not a plural category/],
    ['You have {attempts, number', /expected "}"/],
  ])('syntax error in %s', (text, message) => {
    expect(() => parseMessage('pin.attempts_left', text)).toThrow(MessageSyntaxError);
    expect(() => parseMessage('pin.attempts_left', text)).toThrow(message);
  });
});
