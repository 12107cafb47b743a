import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LoadError, YamlSource, type Problem } from '../yaml/index.js';
import type { PromptRef, Voice } from './prompt.js';
import { wavDurationMs } from './wav.js';

export const BASE_THEME = 'base';
const ID = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const CATALOGUE_FILE = 'prompts.yaml';

/**
 * Every prompt of every theme and language, from `prompts/<theme>/<language>/prompts.yaml` with
 * `<id>.wav` beside it. A prompt missing from a theme falls back to `base` in the same language,
 * then to `base` in the default language.
 */
export class Catalogue {
  private readonly refs = new Map<string, PromptRef>();
  private readonly themeNames = new Set<string>();
  private readonly languagesByTheme = new Map<string, Set<string>>();

  private constructor(
    readonly folder: string,
    readonly defaultLanguage: string,
  ) {}

  static load(folder: string, defaultLanguage: string): Catalogue {
    const catalogue = new Catalogue(folder, defaultLanguage);
    const problems: Problem[] = [];
    if (!existsSync(folder)) throw new LoadError([{ file: folder, line: 0, message: 'prompts folder not found', severity: 'error' }]);
    for (const theme of subfolders(folder)) {
      catalogue.themeNames.add(theme);
      for (const language of subfolders(join(folder, theme))) {
        const file = join(folder, theme, language, CATALOGUE_FILE);
        if (!existsSync(file)) continue;
        catalogue.readLanguage(theme, language, file, problems);
      }
    }
    if (!catalogue.languagesByTheme.get(BASE_THEME)?.has(defaultLanguage)) {
      problems.push({ file: join(folder, BASE_THEME, defaultLanguage, CATALOGUE_FILE), line: 0, message: `the base theme has no catalogue for the default language ${defaultLanguage}`, severity: 'error' });
    }
    if (problems.some((problem) => problem.severity === 'error')) throw new LoadError(problems);
    return catalogue;
  }

  /** Whether `id` exists in the base theme in the default language (every flow's prompts must). */
  has(id: string): boolean {
    return this.refs.has(key(BASE_THEME, this.defaultLanguage, id));
  }

  themes(): readonly string[] {
    return [...this.themeNames];
  }

  languages(theme = BASE_THEME): readonly string[] {
    return [...(this.languagesByTheme.get(theme) ?? [])];
  }

  /** The prompt `id` for `voice`, with fallback; throws if even the base default lacks it. */
  resolve(id: string, voice: Voice): PromptRef {
    const ref =
      this.refs.get(key(voice.theme, voice.language, id)) ??
      this.refs.get(key(BASE_THEME, voice.language, id)) ??
      this.refs.get(key(BASE_THEME, this.defaultLanguage, id));
    if (!ref) throw new Error(`prompt "${id}" is not in the catalogue (${this.folder}/${BASE_THEME}/${this.defaultLanguage}/${CATALOGUE_FILE})`);
    return ref;
  }

  private readLanguage(theme: string, language: string, file: string, problems: Problem[]): void {
    let source: YamlSource;
    try {
      source = YamlSource.read(file);
    } catch (error) {
      if (error instanceof LoadError) problems.push(...error.problems);
      else throw error;
      return;
    }
    const root = source.data;
    const prompts = isObject(root) ? root.prompts : undefined;
    if (!isObject(prompts)) {
      problems.push(source.problem([], 'expected a top-level "prompts:" mapping of prompt ids to texts'));
      return;
    }
    const languages = this.languagesByTheme.get(theme) ?? new Set<string>();
    languages.add(language);
    this.languagesByTheme.set(theme, languages);
    for (const [id, value] of Object.entries(prompts)) {
      if (!ID.test(id)) problems.push(source.problem(['prompts', id], `prompt id "${id}" must be dotted lower-case words, such as pin.enter`));
      const text = typeof value === 'string' ? value : isObject(value) && typeof value.text === 'string' ? value.text : undefined;
      if (!text || text.trim() === '') {
        problems.push(source.problem(['prompts', id], `prompt "${id}" needs a text`));
        continue;
      }
      const audio = join(theme, language, `${id}.wav`);
      const durationMs = wavDurationMs(join(this.folder, audio)) ?? estimateSpokenMs(text);
      this.refs.set(key(theme, language, id), { id, text: text.trim(), theme, language, file: audio, durationMs });
    }
  }
}

/** About how long a text takes to say, for prompts that have no audio yet: 15 characters a second. */
export function estimateSpokenMs(text: string): number {
  return Math.max(500, Math.round((text.length / 15) * 1000));
}

function key(theme: string, language: string, id: string): string {
  return `${theme}/${language}/${id}`;
}

function subfolders(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => !name.startsWith('.') && statSync(join(folder, name)).isDirectory())
    .sort();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
