import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SynthSpec } from './catalogue-entry.js';
import { MissingToolError } from './missing-tool-error.js';
import { AUDIO_FORMAT, SPEECH_EFFECTS, type RenderVoice } from './render-settings.js';

const run = promisify(execFile);

/** sox writing the project's format; -R makes every run of the same input give the same bytes, -D drops (random) dither. */
const SOX_OUTPUT = [
  '-r',
  String(AUDIO_FORMAT.rate),
  '-c',
  String(AUDIO_FORMAT.channels),
  '-b',
  String(AUDIO_FORMAT.bits),
  '-e',
  'signed-integer',
];

/** Throws MissingToolError unless espeak-ng and sox can be run. */
export async function checkRenderTools(): Promise<void> {
  const missing: string[] = [];
  for (const tool of ['espeak-ng', 'sox']) {
    try {
      await run(tool, ['--version']);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') missing.push(tool);
    }
  }
  if (missing.length > 0) throw new MissingToolError(missing);
}

/** Speaks `text` with espeak-ng into `out`, then trims, normalises and converts it with sox. */
export async function renderSpeech(text: string, voice: RenderVoice, out: string): Promise<void> {
  await withTempDir(async (dir) => {
    const raw = join(dir, 'speech.wav');
    await espeak(
      ['-v', voice.espeak, '-s', String(voice.speed), '-p', String(voice.pitch), '-w', raw, '--stdin'],
      text,
    );
    await run('sox', ['-R', '-D', raw, ...SOX_OUTPUT, out, ...SPEECH_EFFECTS]);
  });
}

/** Generates each segment from silence with sox, joins them, repeats and levels the result. */
export async function renderSynth(synth: SynthSpec, out: string): Promise<void> {
  await withTempDir(async (dir) => {
    const segments: string[] = [];
    for (const [index, segment] of synth.segments.entries()) {
      const file = join(dir, `segment-${index}.wav`);
      await run('sox', ['-R', '-D', '-n', ...SOX_OUTPUT, file, ...segment.split(' '), 'channels', '1']);
      segments.push(file);
    }
    const repeat = synth.repeat > 1 ? ['repeat', String(synth.repeat - 1)] : [];
    await run('sox', ['-R', '-D', ...segments, ...SOX_OUTPUT, out, ...repeat, 'gain', '-n', String(synth.level)]);
  });
}

/** Converts a WAV (a recording at another rate, say) to the project's format with sox. */
export async function convertWav(file: string, out: string): Promise<void> {
  await run('sox', ['-R', '-D', file, ...SOX_OUTPUT, out]);
}

function espeak(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('espeak-ng', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`espeak-ng ${args.join(' ')} failed (exit ${code}): ${stderr.trim()}`)),
    );
    child.stdin.end(input);
  });
}

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'foyer-render-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
