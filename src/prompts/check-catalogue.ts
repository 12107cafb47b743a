import { join } from 'node:path';
import type { Problem } from '../yaml/index.js';
import { AUDIO_LOCK_FILE, readAudioLock } from './audio-lock.js';
import { BASE_THEME, CATALOGUE_FILE, type Catalogue } from './catalogue.js';
import type { PromptEntry } from './catalogue-entry.js';
import { messageArguments } from './message-syntax.js';
import { AUDIO_FORMAT, unitHash } from './render-settings.js';
import { describe, readWavInfo } from './wav.js';

/** Shorter audio is almost certainly a failed render or a cut recording. */
export const MIN_AUDIO_MS = 200;

/**
 * What `foyer check` proves about the prompts: every id used anywhere exists in the base theme of
 * the default language; composed prompts take the same values in every language; every audio file
 * is PCM 16-bit mono and at least 0.2 s long; and no text changed since its audio was rendered.
 * Work in progress is a warning (an error under `foyer check --strict`): a prompt of the default
 * language not yet translated into another shipped language, and a new prompt not yet rendered.
 */
export function checkCatalogue(catalogue: Catalogue, usedIds: Iterable<string>): Problem[] {
  return [...checkCoverage(catalogue, usedIds), ...checkMessages(catalogue), ...checkAudio(catalogue)];
}

function checkCoverage(catalogue: Catalogue, usedIds: Iterable<string>): Problem[] {
  const problems: Problem[] = [];
  const defaults = catalogue.entries(BASE_THEME, catalogue.defaultLanguage);
  const required = new Set([...usedIds, ...defaults.map((entry) => entry.id)]);
  for (const language of catalogue.languages(BASE_THEME)) {
    const present = new Set(catalogue.entries(BASE_THEME, language).map((entry) => entry.id));
    const file = join(catalogue.folder, BASE_THEME, language, CATALOGUE_FILE);
    for (const id of required) {
      if (present.has(id)) continue;
      const fallback = catalogue.entry(id, { theme: BASE_THEME, language: catalogue.defaultLanguage });
      // Tones and music say nothing: one generated file serves every language.
      if (fallback?.units.every((unit) => unit.synth)) continue;
      // Untranslated is not broken: callers in that language hear the default language's prompt
      // until a translator adds it (foyer check --strict refuses it, for a release).
      if (language === catalogue.defaultLanguage) problems.push({ file, line: 0, message: `prompt "${id}" is missing: it is used, so it must be here`, severity: 'error' });
      else problems.push({ file, line: 0, message: `prompt "${id}" is not translated yet: callers in ${language} hear it in ${catalogue.defaultLanguage} (${BASE_THEME}/${catalogue.defaultLanguage})`, severity: 'warning' });
    }
  }
  return problems;
}

function checkMessages(catalogue: Catalogue): Problem[] {
  const problems: Problem[] = [];
  for (const entry of allEntries(catalogue)) {
    const reference = catalogue.argumentsOf(entry.id);
    const own = entry.message ? messageArguments(entry.message) : undefined;
    const names = (args: ReadonlyMap<string, unknown> | undefined) => [...(args?.keys() ?? [])].sort().join(', ');
    if (names(reference) !== names(own)) {
      const expected = reference ? `takes {${names(reference)}}` : 'takes no values';
      problems.push(at(entry, `prompt "${entry.id}" ${expected} in ${BASE_THEME}/${catalogue.defaultLanguage}, but {${names(own)}} here: every language must take the same values`));
    }
  }
  return problems;
}

function checkAudio(catalogue: Catalogue): Problem[] {
  const problems: Problem[] = [];
  for (const theme of catalogue.themes()) {
    for (const language of catalogue.languages(theme)) {
      const folder = join(catalogue.folder, theme, language);
      const { lock, problems: lockProblems } = readAudioLock(folder);
      problems.push(...lockProblems);
      const voice = catalogue.renderVoice(theme, language)!;
      for (const entry of catalogue.entries(theme, language)) {
        for (const unit of entry.units) {
          const file = join(catalogue.folder, catalogue.audioPath(entry, unit));
          const locked = lock.files.get(unit.name);
          const wav = readWavInfo(file);
          // A prompt never rendered: its text stands in (the simulator speaks it), real callers would hear nothing.
          if (wav === 'missing' && !locked) {
            problems.push(at(entry, `prompt "${entry.id}" has no audio yet: the simulator shows its text; run npm run prompts (or record ${unit.name}.wav) before real callers hear it`, 'warning'));
            continue;
          }
          if (wav === 'missing') problems.push(at(entry, `audio ${file} is missing: run npm run prompts (or record it)`));
          else if (typeof wav === 'string') problems.push(at(entry, `audio ${file} is ${wav}`));
          else if (wav.format !== 1 || wav.bitsPerSample !== AUDIO_FORMAT.bits || wav.channels !== AUDIO_FORMAT.channels) {
            problems.push(at(entry, `audio ${file} is ${describe(wav)}; prompts must be PCM 16-bit mono (16000 Hz preferred): sox IN -r 16000 -c 1 -b 16 OUT`));
          } else if (wav.durationMs < MIN_AUDIO_MS) problems.push(at(entry, `audio ${file} lasts ${wav.durationMs} ms; a prompt lasts at least ${MIN_AUDIO_MS} ms`));
          if (locked?.recorded) continue;
          if (!locked) problems.push(at(entry, `${unit.name} is not in ${join(folder, AUDIO_LOCK_FILE)}: run npm run prompts`));
          else if (locked.hash !== unitHash(unit, voice)) problems.push(at(entry, `prompt "${entry.id}" changed since ${unit.name}.wav was rendered: run npm run prompts`));
        }
      }
    }
  }
  return problems;
}

function allEntries(catalogue: Catalogue): PromptEntry[] {
  return catalogue.themes().flatMap((theme) => catalogue.languages(theme).flatMap((language) => [...catalogue.entries(theme, language)]));
}

function at(entry: PromptEntry, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { file: entry.source.file, line: entry.source.line, message, severity };
}
