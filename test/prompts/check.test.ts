import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/bundle/index.js';
import { usedPromptIds } from '../../src/cli/used-prompts.js';
import { DEFAULTS } from '../../src/config/index.js';
import { Catalogue, checkCatalogue } from '../../src/prompts/index.js';
import { formatProblem } from '../../src/yaml/index.js';
import { copyOfShippedPrompts, editFile, wavBytes } from '../helpers/prompts.js';

const used = usedPromptIds(loadBundle(DEFAULTS).flows);

/** What `foyer check` says about a prompts folder, with the folder's path shortened. */
function check(folder: string, ids: readonly string[] = used): string[] {
  return checkCatalogue(Catalogue.load(folder, 'en-US'), ids).map((problem) => formatProblem(problem).replaceAll(`${folder}/`, ''));
}

describe('checkCatalogue (foyer check) on the prompts', () => {
  it('the shipped catalogue is complete and current in every language', () => {
    expect(check(DEFAULTS.promptsDir)).toEqual([]);
  });

  it('every prompt the flows or the meeting rules use is in the three languages', () => {
    const catalogue = Catalogue.load(DEFAULTS.promptsDir, 'en-US');
    expect(catalogue.languages()).toEqual(['de-DE', 'en-US', 'nb-NO']);
    expect(used).toEqual(expect.arrayContaining(['pin.attempts_left', 'reception.number_not_found', 'meeting.hold_music', 'meeting.participant_count']));
    for (const language of catalogue.languages()) {
      for (const id of used) expect(catalogue.entry(id, { theme: 'base', language }), `${id} in ${language}`).toBeDefined();
    }
  });

  it('a text changed without rendering its audio again', () => {
    const folder = copyOfShippedPrompts();
    editFile(join(folder, 'base/en-US/prompts.yaml'), 'That PIN is not valid.', 'That PIN is wrong.');
    expect(check(folder)).toEqual(['base/en-US/prompts.yaml:21: prompt "pin.invalid" changed since pin.invalid.wav was rendered: run npm run prompts']);
  });

  it('a fragment of a composed prompt changed', () => {
    const folder = copyOfShippedPrompts();
    editFile(join(folder, 'base/de-DE/prompts.yaml'), 'other {Sie haben noch # Versuche.}', 'other {Sie haben noch # Versuche übrig.}');
    expect(check(folder)).toEqual(['base/de-DE/prompts.yaml:16: prompt "pin.attempts_left" changed since pin.attempts_left--3.wav was rendered: run npm run prompts']);
  });

  it('a prompt not yet translated is a warning (callers hear the default language); a used prompt missing from it is an error', () => {
    const folder = copyOfShippedPrompts();
    editFile(join(folder, 'base/nb-NO/prompts.yaml'), /^ {2}pin\.no_input: .*\n/m, '');
    expect(check(folder, [...used, 'meeting.recording_started'])).toEqual([
      'base/de-DE/prompts.yaml: warning: prompt "meeting.recording_started" is not translated yet: callers in de-DE hear it in en-US (base/en-US)',
      'base/en-US/prompts.yaml: prompt "meeting.recording_started" is missing: it is used, so it must be here',
      'base/nb-NO/prompts.yaml: warning: prompt "pin.no_input" is not translated yet: callers in nb-NO hear it in en-US (base/en-US)',
      'base/nb-NO/prompts.yaml: warning: prompt "meeting.recording_started" is not translated yet: callers in nb-NO hear it in en-US (base/en-US)',
    ]);
  });

  it('a new prompt never rendered is a warning: its text stands in until npm run prompts', () => {
    const folder = copyOfShippedPrompts();
    editFile(join(folder, 'base/en-US/prompts.yaml'), /$/, '  reception.help: Ask your host for the number.\n');
    expect(check(folder).filter((line) => line.startsWith('base/en-US'))).toEqual([
      expect.stringMatching(/^base\/en-US\/prompts\.yaml:\d+: warning: prompt "reception\.help" has no audio yet: the simulator shows its text/),
    ]);
  });

  it('audio missing, unreadable, stereo, 8-bit, or too short', () => {
    const folder = copyOfShippedPrompts();
    const audio = (name: string) => `base/nb-NO/${name}.wav`;
    rmSync(join(folder, audio('digit.3')));
    writeFileSync(join(folder, audio('digit.4')), 'not audio at all');
    writeFileSync(join(folder, audio('digit.5')), wavBytes({ channels: 2 }));
    writeFileSync(join(folder, audio('digit.6')), wavBytes({ bits: 8 }));
    writeFileSync(join(folder, audio('digit.7')), wavBytes({ ms: 150 }));
    expect(check(folder)).toEqual([
      `base/nb-NO/prompts.yaml:71: audio ${audio('digit.3')} is missing: run npm run prompts (or record it)`,
      `base/nb-NO/prompts.yaml:72: audio ${audio('digit.4')} is not a RIFF/WAVE file`,
      `base/nb-NO/prompts.yaml:73: audio ${audio('digit.5')} is PCM 16-bit stereo 16000 Hz; prompts must be PCM 16-bit mono (16000 Hz preferred): sox IN -r 16000 -c 1 -b 16 OUT`,
      `base/nb-NO/prompts.yaml:74: audio ${audio('digit.6')} is PCM 8-bit mono 16000 Hz; prompts must be PCM 16-bit mono (16000 Hz preferred): sox IN -r 16000 -c 1 -b 16 OUT`,
      `base/nb-NO/prompts.yaml:75: audio ${audio('digit.7')} lasts 150 ms; a prompt lasts at least 200 ms`,
    ]);
  });

  it('a recording marked recorded: true is valid whatever its text says, at any sample rate', () => {
    const folder = copyOfShippedPrompts();
    writeFileSync(join(folder, 'base/en-US/pin.enter.wav'), wavBytes({ rate: 48_000, ms: 3000 }));
    editFile(join(folder, 'base/en-US/audio.lock.yaml'), /pin\.enter: \{ hash: [0-9a-f]+ \}/, 'pin.enter: { recorded: true }');
    editFile(join(folder, 'base/en-US/prompts.yaml'), 'Please enter the conference PIN, followed by the pound key.\n', 'Welcome to Example Corp. Please enter your PIN, then press pound.\n');
    expect(check(folder)).toEqual([]);
  });

  it('a translation must take the values the default language takes', () => {
    const folder = copyOfShippedPrompts();
    editFile(join(folder, 'base/de-DE/prompts.yaml'), '{attempts, plural,', '{count, plural,');
    expect(check(folder)).toContain(
      'base/de-DE/prompts.yaml:16: prompt "pin.attempts_left" takes {attempts} in base/en-US, but {count} here: every language must take the same values',
    );
  });
});
