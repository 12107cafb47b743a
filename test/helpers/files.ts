import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `text` to a new temporary file named `name` and returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-test-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
