import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/index.js';

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

describe('packaging', () => {
  it('is never published: the name foyer belongs to someone else on the public registry', () => {
    expect(pkg.private).toBe(true);
  });

  it('ships the licence its package.json names, in full', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const licence = readFileSync(join(PACKAGE_ROOT, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(licence).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(licence).toContain('9. Accepting Warranty or Additional Liability.');
    expect(licence).toContain('END OF TERMS AND CONDITIONS');
  });
});
