import { join, resolve, sep } from 'node:path';
import { BASE_THEME, CATALOGUE_FILE, estimateSpokenMs, wavDurationMs, type Catalogue } from '../prompts/index.js';
import type { Problem } from '../yaml/index.js';
import type { PromptsView } from './api-types.js';
import { apiProblem, shownPath } from './flow-view.js';

/** The audio files a catalogue names (relative to its folder, with `/`): the only files the studio serves. */
export function audioFiles(catalogue: Catalogue): Map<string, string> {
  const files = new Map<string, string>();
  for (const theme of catalogue.themes())
    for (const language of catalogue.languages(theme))
      for (const entry of catalogue.entries(theme, language))
        for (const unit of entry.units) {
          const relative = catalogue.audioPath(entry, unit);
          files.set(relative.split(sep).join('/'), resolve(catalogue.folder, relative));
        }
  return files;
}

export function audioUrl(relative: string): string {
  return `/api/audio/${relative.split(sep).map(encodeURIComponent).join('/')}`;
}

/**
 * Every prompt of every theme and language with what `foyer check` says of it: a problem on the
 * prompt's line goes with the prompt; the rest (a prompt missing from a language) is listed apart.
 */
export function promptsView(catalogue: Catalogue, problems: readonly Problem[], root: string): PromptsView {
  const claimed = new Set<Problem>();
  const catalogues = catalogue.themes().flatMap((theme) =>
    catalogue.languages(theme).map((language) => {
      const file = join(catalogue.folder, theme, language, CATALOGUE_FILE);
      const prompts = catalogue.entries(theme, language).map((entry) => {
        const own = problems.filter(
          (problem) => resolve(problem.file) === resolve(entry.source.file) && problem.line === entry.source.line,
        );
        own.forEach((problem) => claimed.add(problem));
        const durationMs = entry.units.reduce(
          (sum, unit) =>
            sum +
            (wavDurationMs(join(catalogue.folder, catalogue.audioPath(entry, unit))) ??
              (unit.synth ? 1000 : estimateSpokenMs(unit.text))),
          0,
        );
        return {
          id: entry.id,
          text: entry.text,
          durationMs,
          audio: entry.units.map((unit) => audioUrl(catalogue.audioPath(entry, unit))),
          line: entry.source.line,
          problems: own.map((problem) => apiProblem(problem, root)),
        };
      });
      return { theme, language, file: shownPath(file, root), prompts };
    }),
  );
  // The base theme in the default language first: every other catalogue falls back to it.
  const rank = (entry: { theme: string; language: string }) =>
    `${entry.theme === BASE_THEME ? 0 : 1}${entry.language === catalogue.defaultLanguage ? 0 : 1}${entry.theme}/${entry.language}`;
  return {
    defaultLanguage: catalogue.defaultLanguage,
    catalogues: catalogues.sort((a, b) => rank(a).localeCompare(rank(b))),
    problems: problems.filter((problem) => !claimed.has(problem)).map((problem) => apiProblem(problem, root)),
  };
}
