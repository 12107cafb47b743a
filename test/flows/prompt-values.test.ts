import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { loadFlowFile } from '../../src/flows/index.js';
import { Catalogue } from '../../src/prompts/index.js';
import { LoadError } from '../../src/yaml/index.js';
import { tempFile } from '../helpers/files.js';

const catalogue = Catalogue.load(DEFAULTS.promptsDir, 'en-US');
const context = {
  hasPrompt: (id: string) => catalogue.has(id),
  promptsWhere: 'prompts/base/en-US',
  promptArguments: (id: string) => [...(catalogue.argumentsOf(id)?.keys() ?? [])],
};

function flowWith(prompts: string): string {
  return `initial: saying
states:
  saying:
    invoke:
      id: prompt
      src: playPrompts
      input:
        prompts: ${prompts}
      onDone: done
  done:
    type: final
    output: { outcome: disconnected, reason: pin_invalid }
`;
}

function problems(prompts: string): string[] {
  try {
    loadFlowFile(tempFile('values.yaml', flowWith(prompts)), context);
    return [];
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    return error.problems.map((problem) => `${problem.line}: ${problem.message}`);
  }
}

describe('flows give composed prompts the values they take', () => {
  it('accepts ids, and composed prompts with their values as $references', () => {
    expect(problems('[pin.invalid, { id: pin.attempts_left, values: { attempts: $attemptsLeft } }]')).toEqual([]);
    expect(problems('[{ id: reception.number_not_found, values: { number: $entry } }]')).toEqual([]);
  });

  it('a composed prompt named without its values', () => {
    expect(problems('[pin.attempts_left]')).toEqual([
      '7: prompt "pin.attempts_left" takes values attempts: write { id: pin.attempts_left, values: { attempts: ... } }',
    ]);
  });

  it('a value the prompt does not take', () => {
    expect(problems('[{ id: pin.attempts_left, values: { count: 2 } }]')).toEqual([
      '7: prompt "pin.attempts_left" takes values attempts: write { id: pin.attempts_left, values: { attempts: ... } } (given count)',
    ]);
    expect(problems('[{ id: pin.enter, values: { attempts: 2 } }]')).toEqual([
      '7: prompt "pin.enter" takes no values (given attempts)',
    ]);
  });

  it('an unknown $reference', () => {
    expect(problems('[{ id: pin.attempts_left, values: { attempts: $attemptsRemaining } }]')[0]).toMatch(
      /^7: unknown input reference \$attemptsRemaining; use one of .*\$attemptsLeft/,
    );
  });
});
