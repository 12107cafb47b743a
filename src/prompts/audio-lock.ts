import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap } from 'yaml';
import { LoadError, YamlSource, isObject, type Problem } from '../yaml/index.js';

export const AUDIO_LOCK_FILE = 'audio.lock.yaml';

/** What the lock knows about one audio file. */
export interface AudioLockEntry {
  /** The hash of what it was rendered from (text, voice, processing); see unitHash. */
  readonly hash?: string;
  /** A recording put in place by hand: the renderer never overwrites or deletes it. */
  readonly recorded?: boolean;
}

/** `prompts/<theme>/<language>/audio.lock.yaml`: how each audio file beside it was made. */
export interface AudioLock {
  readonly files: ReadonlyMap<string, AudioLockEntry>;
  /** Versions of the tools of the last render, for the curious. */
  readonly renderedWith?: Readonly<Record<string, string>>;
}

const HEADER = `Written by \`npm run prompts\` (foyer prompts render): how each audio file here was made.
Each hash covers the text (or synth chain), the voice and the processing; \`foyer check\` fails when
a text changed and its audio was not rendered again. To use a recording instead of a rendered
file, put the WAV in place (16 kHz mono 16-bit) and mark it here as { recorded: true }: the
renderer never overwrites or deletes it.`;

/** Reads a language folder's lock; an absent file is an empty lock. */
export function readAudioLock(folder: string): { lock: AudioLock; problems: Problem[] } {
  const file = join(folder, AUDIO_LOCK_FILE);
  if (!existsSync(file)) return { lock: { files: new Map() }, problems: [] };
  let source: YamlSource;
  try {
    source = YamlSource.read(file);
  } catch (error) {
    if (error instanceof LoadError) return { lock: { files: new Map() }, problems: [...error.problems] };
    throw error;
  }
  const problems: Problem[] = [];
  const root = isObject(source.data) ? source.data : {};
  const files = new Map<string, AudioLockEntry>();
  const raw = isObject(root.files) ? root.files : {};
  if (root.files !== undefined && !isObject(root.files))
    problems.push(source.problem(['files'], 'files must map audio file names to { hash } or { recorded: true }'));
  for (const [name, value] of Object.entries(raw)) {
    const entry = isObject(value) ? value : {};
    const hash = typeof entry.hash === 'string' ? entry.hash : undefined;
    const recorded = entry.recorded === true;
    if (!hash && !recorded)
      problems.push(source.problem(['files', name], `${name}: expected { hash: ... } or { recorded: true }`));
    files.set(name, { ...(hash && { hash }), ...(recorded && { recorded }) });
  }
  const renderedWith = isObject(root.rendered_with)
    ? (Object.fromEntries(
        Object.entries(root.rendered_with).map(([tool, version]) => [tool, String(version)]),
      ) as Record<string, string>)
    : undefined;
  return { lock: { files, ...(renderedWith && { renderedWith }) }, problems };
}

/** Writes the lock sorted by name, so that a render changes only the lines of what it rendered. */
export function writeAudioLock(folder: string, lock: AudioLock): void {
  const files: Record<string, AudioLockEntry> = {};
  for (const [name, entry] of [...lock.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files[name] = entry;
  const doc = new Document({ ...(lock.renderedWith && { rendered_with: lock.renderedWith }), files });
  doc.commentBefore = HEADER.split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  const node = doc.get('files', true);
  if (isMap(node)) for (const pair of node.items) if (isMap(pair.value)) pair.value.flow = true;
  writeFileSync(join(folder, AUDIO_LOCK_FILE), doc.toString({ lineWidth: 0 }));
}
