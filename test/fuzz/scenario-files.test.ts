import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KEYPAD_KEYS } from '../../src/flows/index.js';
import { KeyScriptError, parseKeyScript, parseScenario, runScenario } from '../../src/simulator/index.js';
import { YamlSource } from '../../src/yaml/index.js';
import { FIXTURES, testBundle } from '../helpers/bundle.js';
import {
  dataEdit,
  editData,
  editText,
  nastyText,
  params,
  textEdit,
  toYaml,
  wordsOf,
  yamlValue,
} from '../helpers/fuzz.js';
import { loadsOrExplains } from '../helpers/load-checks.js';

const bundle = testBundle();
const FOLDER = join(FIXTURES, 'scenarios');
const FILE = join(FOLDER, 'fuzzed.yaml');
const SHIPPED = readdirSync(FOLDER, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => {
    const text = readFileSync(join(FOLDER, name), 'utf8');
    return { text, data: parse(text) as unknown };
  });
const shipped = fc.constantFrom(...SHIPPED);
const words = [
  ...new Set([
    ...SHIPPED.flatMap((file) => wordsOf(file.data)),
    '1234#',
    '5678#',
    '*7',
    '##',
    '!',
    ',,,',
    '8000',
    '1001',
  ]),
];

function load(text: string) {
  return loadsOrExplains(() => parseScenario(new YamlSource(FILE, text)), FILE);
}

describe('any scenario file: a clear LoadError with file and line, or a run that ends with nothing left', () => {
  it('random YAML', () => {
    fc.assert(
      fc.property(yamlValue, (data) => {
        load(toYaml(data));
      }),
      params(200),
    );
  });

  it('the shipped scenarios with lines deleted, moved, re-indented or replaced by junk', () => {
    fc.assert(
      fc.property(shipped, fc.array(textEdit, { minLength: 1, maxLength: 4 }), (original, edits) => {
        load(editText(original.text, edits));
      }),
      params(200),
    );
  });

  it(
    'the shipped scenarios with values replaced, keys renamed or deleted, callers copied:' +
      ' every run ends, every caller has an end, nothing is left',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          shipped,
          fc.array(dataEdit(words), { minLength: 1, maxLength: 4 }),
          async (original, edits) => {
            const scenario = load(toYaml(editData(original.data, edits)));
            if (!scenario) return;
            const untilMs = 7_200_000;
            const result = await runScenario({ bundle, scenario, untilMs });
            // Every caller who arrived before the end of the run has ended (callers due later never call).
            const arrived = scenario.callers.filter((caller) => caller.atMs <= untilMs).map((caller) => caller.id);
            expect([...result.records.keys()].sort()).toEqual(arrived.sort());
            expect(result.world.resources.holders(), 'what anyone still holds').toEqual({});
            expect(result.world.meetings.count).toBe(0);
          },
        ),
        params(100),
      );
    },
  );
});

describe('any key script: keys, or a KeyScriptError that says which character', () => {
  it('random text', () => {
    fc.assert(
      fc.property(fc.oneof(nastyText, fc.stringMatching(/^[0-9*#A-Da-d,! x]{0,30}$/)), (script) => {
        try {
          const actions = parseKeyScript(script);
          for (const [index, action] of actions.entries()) {
            expect(action.atMs).toBeGreaterThan(index === 0 ? 0 : actions[index - 1]!.atMs - 1);
            if ('key' in action) expect(KEYPAD_KEYS).toContain(action.key);
          }
        } catch (error) {
          if (!(error instanceof KeyScriptError)) throw error;
          expect(error.message).toMatch(/position \d+/);
        }
      }),
      params(300),
    );
  });
});
