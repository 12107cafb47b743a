import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../config/index.js';
import { BASE_THEME, Catalogue, joinWavs, sampleValues, type PromptRef } from '../prompts/index.js';
import { convertWav } from '../prompts/render-tools.js';
import { UsageError } from './usage-error.js';

export interface SayRequest {
  readonly id: string;
  readonly values: Readonly<Record<string, string>>;
  readonly theme?: string;
  readonly language?: string;
  readonly output?: string;
}

/**
 * `foyer prompts say`: one prompt as the caller hears it, its parts joined into one WAV, written
 * to `--output` or played with aplay or sox's play. Composed prompts use the values given, and
 * samples for the rest. Returns what to print.
 */
export async function sayPrompt(settings: Settings, request: SayRequest): Promise<string> {
  const catalogue = Catalogue.load(settings.promptsDir, settings.defaultLanguage);
  const voice = {
    theme: request.theme ?? settings.defaultTheme,
    language: request.language ?? settings.defaultLanguage,
  };
  if (!catalogue.themes().includes(voice.theme))
    throw new UsageError(`--theme ${voice.theme}: no such theme (have ${catalogue.themes().join(', ')})`);
  if (!catalogue.languages(BASE_THEME).includes(voice.language))
    throw new UsageError(
      `--language ${voice.language}: no prompts in that language (have ${catalogue.languages(BASE_THEME).join(', ')})`,
    );
  const entry = catalogue.entry(request.id, voice);
  if (!entry) throw new UsageError(`${request.id}: no such prompt (foyer prompts list shows them)`);
  const values = entry.message ? sampleValues(catalogue.argumentsOf(request.id) ?? new Map(), request.values) : {};
  const refs = catalogue.sequence([{ id: request.id, values }], voice);
  const ref = refs[0];
  const text = ref?.composed?.text ?? ref?.text ?? '';
  const audio = await joined(catalogue, refs);
  const seconds = (refs.reduce((total, part) => total + part.durationMs, 0) / 1000).toFixed(1);
  const shown =
    Object.keys(values).length > 0
      ? ` with ${Object.entries(values)
          .map(([name, value]) => `${name}=${value}`)
          .join(', ')}`
      : '';
  const summary = `${request.id} (${voice.theme}/${voice.language})${shown}: "${text}", ${refs.length} part${refs.length === 1 ? '' : 's'}, ${seconds} s`;
  if (request.output) {
    writeFileSync(request.output, audio);
    return `${summary} -> ${request.output}\n`;
  }
  play(audio);
  return `${summary}\n`;
}

/** The parts as one WAV; parts in another format (a recording at 48 kHz, say) are converted with sox first. */
async function joined(catalogue: Catalogue, refs: readonly PromptRef[]): Promise<Buffer> {
  const files = refs.map((ref) => join(catalogue.folder, ref.file));
  try {
    return joinWavs(files);
  } catch (error) {
    const dir = mkdtempSync(join(tmpdir(), 'foyer-say-'));
    try {
      const converted: string[] = [];
      for (const [index, file] of files.entries()) {
        const out = join(dir, `${index}.wav`);
        await convertWav(file, out).catch(() => {
          throw new UsageError(`cannot join the parts: ${(error as Error).message} (install sox to convert them)`);
        });
        converted.push(out);
      }
      return joinWavs(converted);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function play(audio: Buffer): void {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-say-'));
  const file = join(dir, 'prompt.wav');
  writeFileSync(file, audio);
  try {
    for (const [player, args] of [
      ['aplay', ['-q', file]],
      ['play', ['-q', file]],
    ] as const) {
      const result = spawnSync(player, args, { stdio: 'inherit' });
      if (result.error) continue;
      if (result.status === 0) return;
      throw new Error(`${player} could not play it (exit ${result.status}); write the audio with --output FILE`);
    }
    throw new UsageError("no audio player found (aplay or sox's play); write the audio with --output FILE");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
