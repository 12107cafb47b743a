import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../src/config/index.js';

/** A copy of the shipped prompts folder (texts, audio, locks) that a test may change. */
export function copyOfShippedPrompts(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'foyer-prompts-')), 'prompts');
  cpSync(DEFAULTS.promptsDir, folder, { recursive: true });
  return folder;
}

/** Replaces `from` with `to` in a file (once; throws if `from` is not there). */
export function editFile(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file}: ${String(from)} not found`);
  writeFileSync(file, changed);
}

/** A PCM WAV of silence-free noise-free samples: enough for header checks. */
export function wavBytes({
  channels = 1,
  rate = 16_000,
  bits = 16,
  ms = 500,
}: { channels?: number; rate?: number; bits?: number; ms?: number } = {}): Buffer {
  const blockAlign = (channels * bits) / 8;
  const size = Math.round((rate * ms) / 1000) * blockAlign;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + size, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(size, 40);
  return Buffer.concat([header, Buffer.alloc(size, 1)]);
}
