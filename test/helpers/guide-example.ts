import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/index.js';
import { DESIGNERS_GUIDE, sectionOf } from '../../src/design/index.js';

const GUIDE = readFileSync(join(PACKAGE_ROOT, DESIGNERS_GUIDE), 'utf8');

/** The code block between an example's markers in the designers' guide. */
export function guideExample(name: string): string {
  const section = sectionOf(GUIDE, name, 'example');
  const code = section && /```\w*\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code)
    throw new Error(
      `${DESIGNERS_GUIDE} has no example "${name}" (<!-- example:${name} --> ... <!-- /example:${name} -->)`,
    );
  return code;
}
