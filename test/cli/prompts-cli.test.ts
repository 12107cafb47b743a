import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { Catalogue, readWavInfo } from '../../src/prompts/index.js';
import { runCli } from '../helpers/cli.js';
import { copyOfShippedPrompts, editFile } from '../helpers/prompts.js';

const catalogue = Catalogue.load(DEFAULTS.promptsDir, 'en-US');

function row(stdout: string, id: string): string {
  return stdout.split('\n').find((line) => line.trim().startsWith(`${id} `)) ?? `(no row for ${id})`;
}

describe('foyer prompts list', () => {
  it('shows each prompt with its duration, where it is used and its text, in the language asked for', async () => {
    const run = await runCli('prompts', 'list', '--language', 'de-DE');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('base/de-DE:');
    expect(row(run.stdout, 'pin.enter')).toMatch(
      /^ {2}pin\.enter +\d+\.\d s {2}pin-entry\/prompting +"Bitte geben Sie die Konferenz-PIN ein, gefolgt von der Rautetaste\."$/,
    );
    expect(row(run.stdout, 'pin.attempts_left')).toMatch(
      /pin-entry\/retrying +"\{attempts, plural, .*\}" = "Sie haben noch zwei Versuche\." with attempts=2$/,
    );
    expect(row(run.stdout, 'reception.number_not_found')).toContain('virtual-reception/readingBack');
    expect(row(run.stdout, 'meeting.locked')).toMatch(
      /meeting\/conference\.star +"Die Konferenz ist jetzt gesperrt\."$/,
    );
    expect(row(run.stdout, 'meeting.hold_music')).toMatch(
      /^ {2}meeting\.hold_music +32\.0 s {2}meeting\/lobby\.reminding\.music +"\(hold music\)" {2}\[from base\/en-US\]$/,
    );
    expect(row(run.stdout, 'digit.2')).toMatch(/composed prompts +"zwo"$/);
  });

  it('with a theme, shows what it overrides and where the rest falls back to', async () => {
    const run = await runCli('prompts', 'list', '--theme', 'friendly', '--language', 'en-US');
    expect(run.stdout.split('\n')[0]).toBe('friendly/en-US:');
    expect(row(run.stdout, 'reception.enter_number')).toMatch(/"Hello, and welcome! .*"$/);
    expect(row(run.stdout, 'pin.enter')).toMatch(/\[from base\/en-US\]$/);
  });

  it('every language by default', async () => {
    const run = await runCli('prompts', 'list');
    expect(run.stdout.split('\n').filter((line) => /^\S/.test(line))).toEqual([
      'base/de-DE:',
      'base/en-US:',
      'base/nb-NO:',
    ]);
  });
});

describe('foyer prompts say --out', () => {
  const out = (name: string) => join(mkdtempSync(join(tmpdir(), 'foyer-say-')), name);

  it('writes a composed prompt, with sample values, as one WAV of its parts', async () => {
    const file = out('attempts.wav');
    const run = await runCli('prompts', 'say', 'pin.attempts_left', '--language', 'nb-NO', '--output', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^pin\.attempts_left \(base\/nb-NO\) with attempts=2: "Du har to forsøk igjen\.", 3 parts, \d+\.\d s -> /,
    );
    const parts = catalogue.sequence([{ id: 'pin.attempts_left', values: { attempts: 2 } }], {
      theme: 'base',
      language: 'nb-NO',
    });
    const total = parts.reduce((sum, part) => sum + part.durationMs, 0);
    const wav = readWavInfo(file);
    expect(wav).toMatchObject({ format: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 });
    expect(typeof wav !== 'string' && Math.abs(wav.durationMs - total)).toBeLessThanOrEqual(2);
  });

  it('takes values with --value', async () => {
    const run = await runCli(
      'prompts',
      'say',
      'reception.number_not_found',
      '--language',
      'de-DE',
      '--value',
      'number=4711',
      '--output',
      out('number.wav'),
    );
    expect(run.stdout).toContain(
      '"Die Nummer vier sieben eins eins ist ungültig. Bitte versuchen Sie es noch einmal.", 6 parts',
    );
  });

  it('writes a plain prompt as its own file', async () => {
    const file = out('hold.wav');
    const run = await runCli('prompts', 'say', 'meeting.hold_music', '--language', 'de-DE', '--output', file);
    expect(run.code).toBe(0);
    expect(readWavInfo(file)).toMatchObject({ durationMs: 32_000 });
  });

  it('an unknown prompt or value is a usage error', async () => {
    expect((await runCli('prompts', 'say', 'pin.nothing', '--output', out('x.wav'))).code).toBe(2);
    expect((await runCli('prompts', 'say', 'pin.enter', '--value', 'oops', '--output', out('x.wav'))).code).toBe(2);
  });
});

describe('foyer check on prompts', () => {
  it('fails, naming the file and line, when a text changed and its audio was not rendered again', async () => {
    const folder = copyOfShippedPrompts();
    editFile(join(folder, 'base/nb-NO/prompts.yaml'), 'Ha det bra.', 'Ha det!');
    const run = await runCli('check', '--prompts', folder);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `${folder}/base/nb-NO/prompts.yaml:20: prompt "call.goodbye" changed since call.goodbye.wav was rendered: run npm run prompts\n`,
    );
  });
});
