import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LoadError, YamlSource, isObject, type Problem } from '../yaml/index.js';
import { readEntry, type AudioUnit, type PromptEntry } from './catalogue-entry.js';
import { composeMessage, PromptValueError, type Composed } from './compose.js';
import { messageArguments, type ArgumentKind } from './message-syntax.js';
import type { PromptRef, PromptRequest, PromptValues, Voice } from './prompt.js';
import { readRenderVoice, type RenderVoice } from './render-settings.js';
import { wavDurationMs } from './wav.js';

export const BASE_THEME = 'base';
export const CATALOGUE_FILE = 'prompts.yaml';

/**
 * Every prompt of every theme and language, from `prompts/<theme>/<language>/prompts.yaml` with
 * `<id>.wav` beside it. A prompt missing from a theme falls back to `base` in the same language,
 * then to `base` in the default language. Prompts that carry values are composed from parts.
 */
export class Catalogue {
  private readonly entryMap = new Map<string, PromptEntry>();
  private readonly voices = new Map<string, RenderVoice>();
  private readonly themeNames = new Set<string>();
  private readonly languagesByTheme = new Map<string, Set<string>>();
  private readonly durations = new Map<string, number>();
  /**
   * Plain prompts resolved for a theme and language (after fallback), by `theme/language/id`:
   * every call asks for the same few, and PromptRefs are immutable. Bounded by the catalogue's
   * size; composed prompts, whose values callers choose, are never cached.
   */
  private readonly plain = new Map<string, PromptRef>();

  private constructor(
    readonly folder: string,
    readonly defaultLanguage: string,
  ) {}

  static load(folder: string, defaultLanguage: string): Catalogue {
    const catalogue = new Catalogue(folder, defaultLanguage);
    const problems: Problem[] = [];
    if (!existsSync(folder))
      throw new LoadError([{ file: folder, line: 0, message: 'prompts folder not found', severity: 'error' }]);
    for (const theme of subfolders(folder)) {
      catalogue.themeNames.add(theme);
      for (const language of subfolders(join(folder, theme))) {
        const file = join(folder, theme, language, CATALOGUE_FILE);
        if (!existsSync(file)) continue;
        catalogue.readLanguage(theme, language, file, problems);
      }
    }
    if (!catalogue.languagesByTheme.get(BASE_THEME)?.has(defaultLanguage)) {
      problems.push({
        file: join(folder, BASE_THEME, defaultLanguage, CATALOGUE_FILE),
        line: 0,
        message: `the base theme has no catalogue for the default language ${defaultLanguage}`,
        severity: 'error',
      });
    }
    if (problems.some((problem) => problem.severity === 'error')) throw new LoadError(problems);
    return catalogue;
  }

  /** Whether `id` exists in the base theme in the default language (every flow's prompts must). */
  has(id: string): boolean {
    return this.entryMap.has(key(BASE_THEME, this.defaultLanguage, id));
  }

  themes(): readonly string[] {
    return [...this.themeNames];
  }

  languages(theme = BASE_THEME): readonly string[] {
    return [...(this.languagesByTheme.get(theme) ?? [])];
  }

  /** The entries written in one theme and language (no fallback), in file order. */
  entries(theme: string, language: string): readonly PromptEntry[] {
    const prefix = key(theme, language, '');
    return [...this.entryMap.entries()].filter(([name]) => name.startsWith(prefix)).map(([, entry]) => entry);
  }

  /** The entry `id` for `voice`, with fallback; undefined if even the base default lacks it. */
  entry(id: string, voice: Voice): PromptEntry | undefined {
    return (
      this.entryMap.get(key(voice.theme, voice.language, id)) ??
      this.entryMap.get(key(BASE_THEME, voice.language, id)) ??
      this.entryMap.get(key(BASE_THEME, this.defaultLanguage, id))
    );
  }

  /** The values a composed prompt takes (in the base default language), and how each is said. */
  argumentsOf(id: string): ReadonlyMap<string, ArgumentKind> | undefined {
    const message = this.entryMap.get(key(BASE_THEME, this.defaultLanguage, id))?.message;
    return message ? messageArguments(message) : undefined;
  }

  /** How the renderer speaks one theme and language. */
  renderVoice(theme: string, language: string): RenderVoice | undefined {
    return this.voices.get(key(theme, language, ''));
  }

  /** The audio file of one unit, relative to the prompts folder. */
  audioPath(entry: PromptEntry, unit: AudioUnit): string {
    return join(entry.theme, entry.language, `${unit.name}.wav`);
  }

  /** A plain prompt for `voice`, with fallback; throws if even the base default lacks it, or if it takes values. */
  resolve(id: string, voice: Voice): PromptRef {
    const cacheKey = key(voice.theme, voice.language, id);
    const cached = this.plain.get(cacheKey);
    if (cached) return cached;
    const entry = this.require(id, voice);
    if (entry.message)
      throw new PromptValueError(
        `prompt "${id}" is composed with values (${[...(this.argumentsOf(id) ?? new Map()).keys()].join(', ')}); play it with its values`,
      );
    // A plain prompt is one unit of audio.
    const [unit] = entry.units;
    if (!unit) throw new Error(`prompt "${id}" has no audio`);
    const ref = this.ref(entry, unit);
    this.plain.set(cacheKey, ref);
    return ref;
  }

  /** A composed prompt said with `values` in `voice`'s language, as parts in order. */
  compose(id: string, values: PromptValues, voice: Voice): Composed {
    const entry = this.require(id, voice);
    const where = { theme: voice.theme, language: entry.language };
    return composeMessage(entry, values, {
      entry: (part) => this.entry(part, where),
      ref: (owner, unit) => this.ref(owner, unit),
    });
  }

  /**
   * What to play for a list of requests: plain prompts as they are, composed prompts as their
   * parts, each part knowing the whole it belongs to.
   */
  sequence(requests: readonly PromptRequest[], voice: Voice): PromptRef[] {
    return requests.flatMap((request) => {
      const id = typeof request === 'string' ? request : request.id;
      const values = typeof request === 'string' ? undefined : request.values;
      const plain = this.plain.get(key(voice.theme, voice.language, id));
      if (plain) return [plain];
      if (!this.require(id, voice).message) return [this.resolve(id, voice)];
      const composed = this.compose(id, values ?? {}, voice);
      const parts = composed.refs.map((ref) => ref.id);
      return composed.refs.map((ref, index) => ({ ...ref, composed: { id, text: composed.text, parts, index } }));
    });
  }

  private require(id: string, voice: Voice): PromptEntry {
    const entry = this.entry(id, voice);
    if (!entry)
      throw new Error(
        `prompt "${id}" is not in the catalogue (${this.folder}/${BASE_THEME}/${this.defaultLanguage}/${CATALOGUE_FILE})`,
      );
    return entry;
  }

  private ref(entry: PromptEntry, unit: AudioUnit): PromptRef {
    const file = this.audioPath(entry, unit);
    let durationMs = this.durations.get(file);
    if (durationMs === undefined) {
      durationMs = wavDurationMs(join(this.folder, file)) ?? (unit.synth ? 1000 : estimateSpokenMs(unit.text));
      this.durations.set(file, durationMs);
    }
    return { id: unit.name, text: unit.text, theme: entry.theme, language: entry.language, file, durationMs };
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
    if (!isObject(root) || !isObject(prompts)) {
      problems.push(source.problem([], 'expected a top-level "prompts:" mapping of prompt ids to texts'));
      return;
    }
    for (const field of Object.keys(root))
      if (field !== 'prompts' && field !== 'voice')
        problems.push(source.problem([field], `unknown top-level field "${field}"; a catalogue has prompts and voice`));
    const languages = this.languagesByTheme.get(theme) ?? new Set<string>();
    languages.add(language);
    this.languagesByTheme.set(theme, languages);
    this.voices.set(key(theme, language, ''), readRenderVoice(source, root.voice, language, problems));
    for (const [id, value] of Object.entries(prompts)) {
      const entry = readEntry(source, { theme, language }, id, value, problems);
      if (entry) this.entryMap.set(key(theme, language, id), entry);
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
