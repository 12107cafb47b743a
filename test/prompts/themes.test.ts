import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { Catalogue } from '../../src/prompts/index.js';
import { LoadError } from '../../src/yaml/index.js';

/** A prompts folder made of `{ 'theme/lang': yaml }`. */
function promptsFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'foyer-prompts-'));
  for (const [where, yaml] of Object.entries(files)) {
    mkdirSync(join(folder, where), { recursive: true });
    writeFileSync(join(folder, where, 'prompts.yaml'), yaml);
  }
  return folder;
}

describe('themes and languages: theme, then base in the same language, then base in the default language', () => {
  const folder = promptsFolder({
    'base/en-US': 'prompts:\n  pin.enter: Enter the PIN.\n  pin.invalid: Wrong PIN.\n  call.goodbye: Goodbye.\n',
    'base/de-DE': 'prompts:\n  pin.enter: Geben Sie die PIN ein.\n  pin.invalid: Falsche PIN.\n',
    'calm/de-DE': 'prompts:\n  pin.enter: Ganz ruhig, die PIN bitte.\n',
  });
  const catalogue = Catalogue.load(folder, 'en-US');
  const found = (id: string, theme: string, language: string) => {
    const ref = catalogue.resolve(id, { theme, language });
    return `${ref.theme}/${ref.language}: ${ref.text}`;
  };

  it('the theme’s own prompt first', () => {
    expect(found('pin.enter', 'calm', 'de-DE')).toBe('calm/de-DE: Ganz ruhig, die PIN bitte.');
  });

  it('a prompt the theme lacks comes from base in the same language', () => {
    expect(found('pin.invalid', 'calm', 'de-DE')).toBe('base/de-DE: Falsche PIN.');
  });

  it('a prompt the language lacks comes from base in the default language', () => {
    expect(found('call.goodbye', 'calm', 'de-DE')).toBe('base/en-US: Goodbye.');
  });

  it('a theme without the language falls back to base in that language', () => {
    expect(found('pin.enter', 'calm', 'en-US')).toBe('base/en-US: Enter the PIN.');
  });

  it('the audio is the file of the catalogue the text came from', () => {
    expect(catalogue.resolve('pin.invalid', { theme: 'calm', language: 'de-DE' }).file).toBe(
      join('base', 'de-DE', 'pin.invalid.wav'),
    );
  });

  it('a catalogue error names the file and line', () => {
    const broken = promptsFolder({
      'base/en-US':
        'prompts:\n  pin.enter: Enter the PIN.\n  pin.attempts_left: "{attempts, plural, one {x}}"\n  Bad: text\n',
    });
    try {
      Catalogue.load(broken, 'en-US');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LoadError);
      const problems = (error as LoadError).problems.map((problem) => `${problem.line}: ${problem.message}`);
      expect(problems).toEqual([
        expect.stringMatching(
          /^3: prompt "pin.attempts_left": \{attempts, plural, \.\.\.\} needs an "other \{\.\.\.\}" branch/,
        ),
        '4: prompt "Bad": an id is dotted lower-case words, such as pin.enter',
      ]);
    }
  });
});

describe('the shipped example theme, friendly', () => {
  const catalogue = Catalogue.load(DEFAULTS.promptsDir, 'en-US');

  it('overrides one prompt, with its own audio', () => {
    const ref = catalogue.resolve('reception.enter_number', { theme: 'friendly', language: 'en-US' });
    expect(ref.text).toMatch(/^Hello, and welcome!/);
    expect(ref.file).toBe(join('friendly', 'en-US', 'reception.enter_number.wav'));
  });

  it('falls back to base for every other prompt, in every language', () => {
    expect(catalogue.entries('friendly', 'en-US').map((entry) => entry.id)).toEqual(['reception.enter_number']);
    expect(catalogue.resolve('pin.enter', { theme: 'friendly', language: 'en-US' }).theme).toBe('base');
    expect(catalogue.resolve('reception.enter_number', { theme: 'friendly', language: 'nb-NO' }).text).toBe(
      'Tast nummeret du vil kobles til, og avslutt med firkant.',
    );
  });
});
