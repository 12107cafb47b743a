import { execFile } from 'node:child_process';
import { copyFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LoadError } from '../yaml/index.js';
import { readAudioLock, writeAudioLock, type AudioLockEntry } from './audio-lock.js';
import { Catalogue } from './catalogue.js';
import type { AudioUnit } from './catalogue-entry.js';
import { unitHash, type RenderVoice } from './render-settings.js';
import { checkRenderTools, renderSpeech, renderSynth } from './render-tools.js';

export interface RenderOptions {
  /** The prompts folder (`prompts/`). */
  readonly folder: string;
  readonly defaultLanguage: string;
  /** Only these themes or languages (default all). */
  readonly themes?: readonly string[];
  readonly languages?: readonly string[];
  /** Render every file again, even when its hash says it is current (recordings are still kept). */
  readonly force?: boolean;
  /** Told each file as it is written, relative to the prompts folder. */
  readonly onRendered?: (file: string) => void;
}

export interface RenderReport {
  /** Files written, relative to the prompts folder. */
  readonly rendered: readonly string[];
  /** Files already current. */
  readonly unchanged: number;
  /** Recordings left alone. */
  readonly recorded: readonly string[];
  /** Rendered files deleted because no prompt needs them any more. */
  readonly removed: readonly string[];
}

interface Job {
  readonly unit: AudioUnit;
  readonly voice: RenderVoice;
  readonly hash: string;
  readonly file: string;
  readonly relative: string;
}

/**
 * `npm run prompts`: renders every prompt whose text (or voice, or processing) changed since its
 * audio was made, with espeak-ng and sox, and records the new hashes in each language's
 * audio.lock.yaml. Recordings (`recorded: true`) are never touched.
 */
export async function renderCatalogue(options: RenderOptions): Promise<RenderReport> {
  await checkRenderTools();
  const catalogue = Catalogue.load(options.folder, options.defaultLanguage);
  const renderedWith = await toolVersions();
  const report = { rendered: [] as string[], unchanged: 0, recorded: [] as string[], removed: [] as string[] };
  for (const theme of catalogue.themes()) {
    if (options.themes && !options.themes.includes(theme)) continue;
    for (const language of catalogue.languages(theme)) {
      if (options.languages && !options.languages.includes(language)) continue;
      await renderLanguage(catalogue, theme, language, options, renderedWith, report);
    }
  }
  return report;
}

async function renderLanguage(
  catalogue: Catalogue,
  theme: string,
  language: string,
  options: RenderOptions,
  renderedWith: Record<string, string>,
  report: { rendered: string[]; unchanged: number; recorded: string[]; removed: string[] },
): Promise<void> {
  const dir = join(options.folder, theme, language);
  const { lock, problems } = readAudioLock(dir);
  if (problems.length > 0) throw new LoadError(problems);
  const voice = catalogue.renderVoice(theme, language);
  if (!voice) throw new Error(`no voice for ${theme}/${language} in the prompt catalogue`);
  const files = new Map<string, AudioLockEntry>();
  const jobs: Job[] = [];
  for (const entry of catalogue.entries(theme, language)) {
    for (const unit of entry.units) {
      const relative = catalogue.audioPath(entry, unit);
      const file = join(options.folder, relative);
      const locked = lock.files.get(unit.name);
      if (locked?.recorded) {
        files.set(unit.name, locked);
        report.recorded.push(relative);
        continue;
      }
      const hash = unitHash(unit, voice);
      files.set(unit.name, { hash });
      if (!options.force && locked?.hash === hash && existsSync(file)) report.unchanged++;
      else jobs.push({ unit, voice, hash, file, relative });
    }
  }
  for (const [name, locked] of lock.files) {
    if (files.has(name) || locked.recorded) continue;
    await rm(join(dir, `${name}.wav`), { force: true });
    report.removed.push(join(theme, language, `${name}.wav`));
  }
  await renderJobs(jobs, (job) => {
    report.rendered.push(job.relative);
    options.onRendered?.(job.relative);
  });
  // The tool versions change only with a render, so that a run that renders nothing changes no file.
  const changed = jobs.length > 0 || files.size !== lock.files.size;
  const versions = changed ? renderedWith : lock.renderedWith;
  writeAudioLock(dir, { files, ...(versions && { renderedWith: versions }) });
}

/** Renders jobs a few at a time; units with the same hash (the same word twice) are rendered once and copied. */
async function renderJobs(jobs: readonly Job[], done: (job: Job) => void): Promise<void> {
  /** The file rendered for each hash, once it is there. */
  const first = new Map<string, Promise<string>>();
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const twin = first.get(job.hash);
      if (twin) {
        await copyFile(await twin, job.file);
      } else {
        const { file } = job;
        const rendering = renderOne(job).then(() => file);
        first.set(job.hash, rendering);
        await rendering;
      }
      done(job);
    }
  };
  const workers = Math.max(1, Math.min(4, availableParallelism()));
  await Promise.all(Array.from({ length: workers }, worker));
}

async function renderOne(job: Job): Promise<void> {
  // Written beside and renamed, so an interrupted render never leaves half a file under the real name.
  const partial = `${job.file}.partial.wav`;
  try {
    if (job.unit.synth) await renderSynth(job.unit.synth, partial);
    else await renderSpeech(job.unit.speak ?? job.unit.text, job.voice, partial);
    await rename(partial, job.file);
  } finally {
    await rm(partial, { force: true });
  }
}

async function toolVersions(): Promise<Record<string, string>> {
  const run = promisify(execFile);
  const version = async (tool: string, pattern: RegExp) => {
    const { stdout } = await run(tool, ['--version']);
    return pattern.exec(stdout)?.[1] ?? 'unknown';
  };
  return {
    'espeak-ng': await version('espeak-ng', /(\d+\.\d+(\.\d+)?)/),
    sox: await version('sox', /v(\d+\.\d+\.\d+)/),
  };
}
