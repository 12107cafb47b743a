/**
 * `npm run docs`: rewrites the docs' generated parts (the reference of named flow pieces, the
 * charts of the shipped flows, the table of settings) from the registry, the flows and the settings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, PACKAGE_ROOT } from '../src/config/index.js';
import { generatedDocs, updateSections } from '../src/design/index.js';

for (const [file, sections] of generatedDocs(DEFAULTS.flowsDir)) {
  const path = join(PACKAGE_ROOT, file);
  const before = readFileSync(path, 'utf8');
  const after = updateSections(before, sections);
  if (after !== before) writeFileSync(path, after);
  process.stdout.write(after === before ? `${file} is up to date\n` : `${file} updated\n`);
}
