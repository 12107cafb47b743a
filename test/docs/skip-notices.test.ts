import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/index.js';

function testFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('a test that cannot run never passes silently', () => {
  it('every test file that skips without a tool or server prints one line saying so and why', () => {
    const silent = testFiles(join(PACKAGE_ROOT, 'test'))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        if (!/\b(skipIf|runIf)\(/.test(text)) return false;
        // startTestRedis says itself when redis-server cannot start.
        return !/skipNotice\(|announceSkip\(|startTestRedis\(|SKIPPED/.test(text);
      })
      .map((file) => relative(PACKAGE_ROOT, file));
    expect(silent).toEqual([]);
  });
});
