import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  addKeyTransition,
  addState,
  deleteTransition,
  retarget,
  setPrompt,
  setSetting,
  targetFor,
} from '../../studio/src/yaml-edits.js';

const FLOW = `# A flow with comments and aligned values.
settings:
  answer_delay: 2s          # wait first
  max_attempts: 3           # three tries

states:
  start:
    after:
      answer_delay: ask     # then ask
    on:
      DTMF: { guard: isEntryKey, target: ask, actions: bufferDigit }

  ask:
    invoke:
      id: prompt
      src: playPrompts
      input: { prompts: [pin.enter] }
      onDone: done

  done:
    type: final
`;

/** The value at `path` in the YAML text. */
function at(text: string, ...path: string[]): unknown {
  let node: unknown = parse(text);
  for (const key of path) node = (node as Record<string, unknown>)[key];
  return node;
}

/** The lines of \`after\` that are not in \`before\` (and the other way round). */
function diff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((line) => !b.includes(line)), added: b.filter((line) => !a.includes(line)) };
}

describe('chart edits on the YAML text', () => {
  it('changes a setting on its own line only, keeping its comment', () => {
    const edited = setSetting(FLOW, 'answer_delay', '3s');
    expect(diff(FLOW, edited)).toEqual({
      removed: ['  answer_delay: 2s          # wait first'],
      added: ['  answer_delay: 3s # wait first'],
    });
    expect(at(setSetting(FLOW, 'max_attempts', '5'), 'settings', 'max_attempts')).toBe(5);
  });

  it('picks another prompt for a state', () => {
    const edited = setPrompt(FLOW, ['states', 'ask', 'invoke'], 0, 'pin.invalid');
    expect(at(edited, 'states', 'ask', 'invoke', 'input', 'prompts')).toEqual(['pin.invalid']);
    expect(diff(FLOW, edited).removed).toEqual(['      input: { prompts: [pin.enter] }']);
  });

  it('retargets a transition written as a name or as an object', () => {
    const edited = retarget(FLOW, ['states', 'start', 'after', 'answer_delay'], 'done');
    expect(at(edited, 'states', 'start', 'after')).toEqual({ answer_delay: 'done' });
    expect(edited).toContain('# then ask');
    expect(
      at(retarget(FLOW, ['states', 'start', 'on', 'DTMF'], 'done'), 'states', 'start', 'on', 'DTMF', 'target'),
    ).toBe('done');
  });

  it('deletes a transition and the entries it leaves empty', () => {
    const edited = deleteTransition(FLOW, ['states', 'start', 'on', 'DTMF']);
    expect(at(edited, 'states', 'start')).toEqual({ after: { answer_delay: 'ask' } });
    expect(edited).toContain('# A flow with comments and aligned values.');
  });

  it('adds a state with a prompt and a key that reaches it, before the keys already there', () => {
    const withState = addState(FLOW, { parentPath: [], name: 'help', prompt: 'pin.enter', then: 'start' });
    const edited = addKeyTransition(withState, ['states', 'start'], '*', 'help');
    expect(at(edited, 'states', 'help')).toEqual({
      invoke: { id: 'prompt', src: 'playPrompts', input: { prompts: ['pin.enter'] }, onDone: 'start' },
    });
    expect(at(edited, 'states', 'start', 'on', 'DTMF', '0')).toEqual({
      guard: { type: 'keyIs', params: { value: '*' } },
      target: 'help',
    });
    expect(at(edited, 'states', 'start', 'on', 'DTMF', '1', 'target')).toBe('ask');
    expect(edited).toContain('\n\n  help:\n');
    expect(() => addState(FLOW, { parentPath: [], name: 'ask', prompt: 'x.y', then: 'start' })).toThrow('already');
  });

  it('names a target as XState reads it from the declaring state', () => {
    expect(targetFor('f', 'a', 'b')).toBe('b');
    expect(targetFor('f', 'menu', 'menu.help')).toBe('.help');
    expect(targetFor('f', 'menu.help', 'other')).toBe('#f.other');
    expect(targetFor('f', null, 'start')).toBe('.start');
  });

  it('refuses text that is not YAML', () => {
    expect(() => setSetting('a: [\n', 'x', '1')).toThrow('does not read');
  });
});
