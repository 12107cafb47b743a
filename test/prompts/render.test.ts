import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalogue, checkCatalogue, MissingToolError, readWavInfo, renderCatalogue } from '../../src/prompts/index.js';
import { editFile, wavBytes } from '../helpers/prompts.js';
import { skipNotice } from '../helpers/skip-notice.js';

function installed(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// CI installs espeak-ng and sox (.ci/run); elsewhere these tests need them too, or are skipped.
const tools = installed('espeak-ng') && installed('sox');
const required = process.env.CI === 'true';
if (!tools && !required) skipNotice('npm run prompts (rendering with espeak-ng and sox)', 'espeak-ng or sox is not installed (apt-get install espeak-ng sox)');

const TINY = `voice: { espeak: en-us, speed: 150, pitch: 50 }
prompts:
  pin.enter: Enter the PIN.
  pin.invalid: Wrong PIN.
  pin.attempts_left: "{attempts, plural, one {One attempt left.} other {# attempts left.}}"
  number.2: two
  meeting.join_tone:
    text: (a tone)
    audio: { synth: ["synth 0.3 sine 660"], level: -10 }
`;

function tinyCatalogue(): { folder: string; dir: string } {
  const folder = mkdtempSync(join(tmpdir(), 'foyer-render-'));
  const dir = join(folder, 'base', 'en-US');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'prompts.yaml'), TINY);
  return { folder, dir };
}

/** Each file in a folder with its bytes and modification time. */
function snapshot(dir: string): Map<string, { bytes: string; mtimeMs: number }> {
  return new Map(readdirSync(dir).map((name) => [name, { bytes: readFileSync(join(dir, name)).toString('base64'), mtimeMs: statSync(join(dir, name)).mtimeMs }]));
}

const render = (folder: string, force = false) => renderCatalogue({ folder, defaultLanguage: 'en-US', ...(force && { force }) });

describe.skipIf(!tools && !required)('npm run prompts (foyer prompts render) with espeak-ng and sox', () => {
  it('renders every text and fragment to 16 kHz mono 16-bit WAV that foyer check accepts', async () => {
    const { folder, dir } = tinyCatalogue();
    const report = await render(folder);
    expect([...report.rendered].sort()).toEqual(
      ['meeting.join_tone', 'number.2', 'pin.attempts_left--1', 'pin.attempts_left--2', 'pin.enter', 'pin.invalid'].map((name) => join('base', 'en-US', `${name}.wav`)),
    );
    for (const name of ['pin.enter', 'pin.attempts_left--2', 'meeting.join_tone']) {
      expect(readWavInfo(join(dir, `${name}.wav`))).toMatchObject({ format: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 });
    }
    expect(checkCatalogue(Catalogue.load(folder, 'en-US'), [])).toEqual([]);
  });

  it('changing one text and rendering again regenerates exactly that file', async () => {
    const { folder, dir } = tinyCatalogue();
    await render(folder);
    const before = snapshot(dir);
    editFile(join(dir, 'prompts.yaml'), 'Wrong PIN.', 'That PIN is wrong.');
    const report = await render(folder);
    expect(report.rendered).toEqual([join('base', 'en-US', 'pin.invalid.wav')]);
    expect(report.unchanged).toBe(5);
    const after = snapshot(dir);
    const changed = [...after.keys()].filter((name) => after.get(name)!.bytes !== before.get(name)?.bytes || after.get(name)!.mtimeMs !== before.get(name)?.mtimeMs);
    expect(changed.sort()).toEqual(['audio.lock.yaml', 'pin.invalid.wav', 'prompts.yaml']);
    expect(checkCatalogue(Catalogue.load(folder, 'en-US'), [])).toEqual([]);
  });

  it('the same text renders to the same bytes (reproducible audio)', async () => {
    const { folder, dir } = tinyCatalogue();
    await render(folder);
    const before = snapshot(dir);
    await render(folder, true);
    const after = snapshot(dir);
    for (const [name, file] of after) if (name.endsWith('.wav')) expect(file.bytes, name).toBe(before.get(name)!.bytes);
  });

  it('never overwrites a recording, even when its text changes or everything is forced', async () => {
    const { folder, dir } = tinyCatalogue();
    await render(folder);
    const recording = wavBytes({ rate: 48_000, ms: 1200 });
    writeFileSync(join(dir, 'pin.enter.wav'), recording);
    editFile(join(dir, 'audio.lock.yaml'), /pin\.enter: \{ hash: [0-9a-f]+ \}/, 'pin.enter: { recorded: true }');
    editFile(join(dir, 'prompts.yaml'), 'Enter the PIN.', 'Welcome to Example Corp. Enter your PIN.');
    const report = await render(folder, true);
    expect(report.recorded).toEqual([join('base', 'en-US', 'pin.enter.wav')]);
    expect(report.rendered).not.toContain(join('base', 'en-US', 'pin.enter.wav'));
    expect(readFileSync(join(dir, 'pin.enter.wav')).equals(recording)).toBe(true);
    expect(readFileSync(join(dir, 'audio.lock.yaml'), 'utf8')).toContain('pin.enter: { recorded: true }');
  });

  it('deletes the audio of a prompt that is gone', async () => {
    const { folder, dir } = tinyCatalogue();
    await render(folder);
    editFile(join(dir, 'prompts.yaml'), /^ {2}pin\.invalid: .*\n/m, '');
    const report = await render(folder);
    expect(report.removed).toEqual([join('base', 'en-US', 'pin.invalid.wav')]);
    expect(readdirSync(dir)).not.toContain('pin.invalid.wav');
    expect(readFileSync(join(dir, 'audio.lock.yaml'), 'utf8')).not.toContain('pin.invalid');
  });
});

describe('rendering without the tools', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('says which are missing and how to install them, and renders nothing', async () => {
    const { folder, dir } = tinyCatalogue();
    process.env.PATH = join(folder, 'no-tools-here');
    const error = await render(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingToolError);
    expect((error as Error).message).toBe(
      'rendering prompts needs espeak-ng and sox, which are not installed. On Debian or Ubuntu: sudo apt-get install -y --no-install-recommends espeak-ng sox',
    );
    expect(readdirSync(dir)).toEqual(['prompts.yaml']);
  });
});
