import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { loadFlowFile } from '../../src/flows/index.js';
import { Catalogue } from '../../src/prompts/index.js';
import { LoadError } from '../../src/yaml/index.js';
import { tempFile } from '../helpers/files.js';

const catalogue = Catalogue.load(DEFAULTS.promptsDir, 'en-US');
const context = { hasPrompt: (id: string) => catalogue.has(id), promptsWhere: 'prompts/base/en-US' };

const GOOD = `settings:
  wait: 5s
initial: asking
states:
  asking:
    invoke:
      id: prompt
      src: playPrompts
      input: { prompts: [pin.enter] }
      onDone: waiting
  waiting:
    after:
      wait: done
    on:
      DTMF: { guard: isEntryKey, target: done, actions: bufferDigit }
  done:
    type: final
    output: { outcome: disconnected, reason: pin_no_input }
`;

function problems(yaml: string, name = 'test-flow.yaml'): string[] {
  const file = tempFile(name, yaml);
  try {
    loadFlowFile(file, context);
    return [];
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    for (const problem of error.problems) expect(problem.file).toBe(file);
    return error.problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.line}: ${problem.message}`);
  }
}

describe('flow loading errors name the file, line and cause', () => {
  it('loads a good flow', () => {
    expect(problems(GOOD)).toEqual([]);
  });

  it('the shipped flows load', () => {
    for (const name of ['pin-entry', 'virtual-reception']) {
      expect(loadFlowFile(join(DEFAULTS.flowsDir, `${name}.yaml`), context).name).toBe(name);
    }
  });

  it('an unknown action', () => {
    expect(problems(GOOD.replace('actions: bufferDigit', 'actions: bufferDigits'))).toEqual([
      '15: unknown action "bufferDigits"; did you mean "bufferDigit"?',
    ]);
  });

  it('an unknown guard', () => {
    expect(problems(GOOD.replace('guard: isEntryKey', 'guard: isKey'))).toEqual([
      expect.stringMatching(/^15: unknown guard "isKey"; known guards: /),
    ]);
  });

  it('an unknown actor', () => {
    expect(problems(GOOD.replace('src: playPrompts', 'src: playPrompt'))).toEqual([
      '8: unknown actor "playPrompt"; did you mean "playPrompts"?',
    ]);
  });

  it('an unknown delay', () => {
    expect(problems(GOOD.replace('wait: done', 'wiat: done'))).toEqual([
      '13: unknown delay "wiat": name a duration setting (wait) or write milliseconds',
    ]);
  });

  it('a prompt id missing from the catalogue', () => {
    expect(problems(GOOD.replace('[pin.enter]', '[pin.entre]'))).toEqual([
      '9: prompt "pin.entre" is not in the catalogue (prompts/base/en-US)',
    ]);
  });

  it('an invoke without an id', () => {
    expect(problems(GOOD.replace('      id: prompt\n', ''))).toEqual([
      expect.stringMatching(/^6: every invoke needs an explicit id/),
    ]);
  });

  it('an unknown target state', () => {
    expect(problems(GOOD.replace('onDone: waiting', 'onDone: wating'))).toEqual([
      '10: unknown target state "wating"; states here: asking, waiting, done; did you mean "waiting"?',
    ]);
  });

  it('an unknown initial state', () => {
    expect(problems(GOOD.replace('initial: asking', 'initial: start'))).toEqual([
      '3: initial state "start" is not one of the flow\'s states',
    ]);
  });

  it('an unknown event', () => {
    expect(problems(GOOD.replace('DTMF:', 'KEY:'))).toEqual(['15: unknown event "KEY"; flows receive DTMF']);
  });

  it('bad params for a named guard', () => {
    expect(problems(GOOD.replace('guard: isEntryKey', 'guard: { type: keyIs, params: { value: "x" } }'))).toEqual([
      '15: guard keyIs: params value: value must be keypad keys (0-9 * # A-D)',
    ]);
  });

  it('bad input for an actor', () => {
    expect(problems(GOOD.replace('input: { prompts: [pin.enter] }', 'input: { prompt: pin.enter }'))).toEqual([
      expect.stringMatching(/^9: actor playPrompts: input /),
    ]);
  });

  it('an unknown $reference in an input', () => {
    const flow = GOOD.replace(
      'src: playPrompts\n      input: { prompts: [pin.enter] }',
      'src: lookupRoom\n      input: { number: $pin }',
    );
    expect(problems(flow)).toEqual([expect.stringMatching(/^9: unknown input reference \$pin; use one of \$entry/)]);
  });

  it('a final state without an output', () => {
    expect(problems(GOOD.replace('    output: { outcome: disconnected, reason: pin_no_input }\n', ''))).toEqual([
      expect.stringMatching(/^17: final state "done" needs output/),
    ]);
  });

  it('a final output with a reason outside the closed list', () => {
    expect(problems(GOOD.replace('reason: pin_no_input', 'reason: bored'))).toEqual([
      '18: reason for outcome disconnected must be one of pin_invalid, pin_no_input, number_invalid, number_no_input, lookup_failed, transfer_failed',
    ]);
  });

  it('a timeout setting that is not a duration', () => {
    expect(problems(GOOD.replace('wait: 5s', 'wait: 5s\n  first_digit_timeout: 10'))).toEqual([
      '3: first_digit_timeout must be a duration such as 10s or 500ms',
    ]);
  });

  it('max_digits out of range', () => {
    expect(problems(GOOD.replace('wait: 5s', 'wait: 5s\n  max_digits: 40'))).toEqual([
      '3: max_digits must be a whole number from 1 to 20',
    ]);
  });

  it('an unknown field in a state', () => {
    expect(problems(GOOD.replace('  waiting:\n', '  waiting:\n    entyr: takeEntry\n'))).toEqual([
      expect.stringMatching(/^12: unknown field "entyr" in state "waiting"/),
    ]);
  });

  it('an id that does not match the file name', () => {
    expect(problems(`id: other\n${GOOD}`)).toEqual([
      '1: id "other" must match the file name "test-flow" (or be left out)',
    ]);
  });

  it('YAML syntax errors', () => {
    expect(problems(GOOD.replace('onDone: waiting', 'onDone: [waiting'))[0]).toMatch(/^\d+: YAML syntax: /);
  });

  it('a top-level target written without a dot', () => {
    expect(problems(GOOD.replace('initial: asking', 'initial: asking\non:\n  DTMF: done'))).toEqual([
      '5: a transition at the top of the flow targets a state as ".done"',
    ]);
  });
});
