import type { Settings } from '../config/index.js';
import { BASE_THEME, sampleValues, type Catalogue, type PromptRef, type Voice } from '../prompts/index.js';
import { columnWidths } from './column-widths.js';
import { bundleFor } from './load.js';
import { promptUsedIn } from './used-prompts.js';
import { UsageError } from './usage-error.js';

/**
 * `foyer prompts list`: for each language, every prompt with its duration, where it is used and
 * its text. Composed prompts show their message and are timed with sample values; a prompt a
 * theme does not have shows where it falls back to.
 */
export function listPrompts(settings: Settings, selection: { theme?: string; language?: string }): string {
  const { catalogue, flows } = bundleFor(settings);
  const theme = selection.theme ?? settings.defaultTheme;
  if (!catalogue.themes().includes(theme))
    throw new UsageError(`--theme ${theme}: no such theme (have ${catalogue.themes().join(', ')})`);
  const languages = selection.language ? [selection.language] : catalogue.languages(BASE_THEME);
  for (const language of languages) {
    if (!catalogue.languages(BASE_THEME).includes(language))
      throw new UsageError(
        `--language ${language}: no prompts in that language (have ${catalogue.languages(BASE_THEME).join(', ')})`,
      );
  }
  const usedIn = promptUsedIn(flows);
  const lines: string[] = [];
  for (const language of languages) {
    const voice = { theme, language };
    const ids = [
      ...new Set(
        [...catalogue.entries(BASE_THEME, catalogue.defaultLanguage), ...catalogue.entries(theme, language)].map(
          (entry) => entry.id,
        ),
      ),
    ];
    lines.push(`${theme}/${language}:`);
    const rows = ids.map((id) => row(catalogue, id, voice, usedIn(id)));
    const [idWidth = 0, lengthWidth = 0, usedWidth = 0] = columnWidths(rows);
    for (const [id = '', length = '', used = '', text = ''] of rows)
      lines.push(`  ${id.padEnd(idWidth)}  ${length.padStart(lengthWidth)}  ${used.padEnd(usedWidth)}  ${text}`);
    lines.push('');
  }
  return lines.join('\n');
}

function row(catalogue: Catalogue, id: string, voice: Voice, usedIn: readonly string[]): string[] {
  const entry = catalogue.entry(id, voice);
  // The ids listed are the catalogue's own.
  if (!entry) throw new Error(`prompt ${id} is not in the catalogue`);
  const from =
    entry.theme !== voice.theme || entry.language !== voice.language ? `  [from ${entry.theme}/${entry.language}]` : '';
  let refs: readonly PromptRef[];
  let sample = '';
  if (entry.message) {
    const values = sampleValues(catalogue.argumentsOf(id) ?? new Map());
    const composed = catalogue.compose(id, values, voice);
    refs = composed.refs;
    sample = ` = "${composed.text}" with ${Object.entries(values)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ')}`;
  } else {
    refs = [catalogue.resolve(id, voice)];
  }
  const seconds = (refs.reduce((total, ref) => total + ref.durationMs, 0) / 1000).toFixed(1);
  return [id, `${seconds} s`, usedIn.join(', ') || '-', `"${entry.text}"${sample}${from}`];
}
