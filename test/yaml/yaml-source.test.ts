import { describe, expect, it } from 'vitest';
import { LoadError, YamlSource } from '../../src/yaml/index.js';

function problems(text: string): string[] {
  try {
    new YamlSource('/x/services.yaml', text);
    return [];
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    return error.problems.map((problem) => `${problem.line}: ${problem.message}`);
  }
}

describe('YAML files with aliases', () => {
  it('an alias to an anchor that is not defined (before it) is a LoadError on its line', () => {
    expect(problems('services:\n  - name: a\n    aliases: *nowhere\n')).toEqual([
      expect.stringMatching(/^3: YAML: Unresolved alias/),
    ]);
  });

  it('aliases that would blow up into a huge document are a LoadError', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'
        .split('')
        .map((name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcdefghij'[index]}`).join(', ')}]`),
    ].join('\n');
    expect(problems(bomb)).toEqual([expect.stringMatching(/^2: YAML: .*alias/i)]);
  });
});
