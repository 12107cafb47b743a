/**
 * `npm run docs`: rewrites README's generated parts (the reference of named flow pieces and the
 * charts of the shipped flows) from the registry and the flows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, PACKAGE_ROOT } from '../src/config/index.js';
import { generatedSections, updateSections } from '../src/design/index.js';

const readme = join(PACKAGE_ROOT, 'README.md');
const before = readFileSync(readme, 'utf8');
const after = updateSections(before, generatedSections(DEFAULTS.flowsDir));
if (after !== before) writeFileSync(readme, after);
process.stdout.write(after === before ? 'README.md is up to date\n' : 'README.md updated\n');
