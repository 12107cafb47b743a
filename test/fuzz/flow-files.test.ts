import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, it } from 'vitest';
import { DEFAULTS } from '../../src/config/index.js';
import { FlowSet, parseFlow, type Flow, type ValidationContext } from '../../src/flows/index.js';
import { BASE_THEME } from '../../src/prompts/index.js';
import { keyScript } from '../helpers/arbitraries.js';
import { boundedCall } from '../helpers/bounded-call.js';
import { testBundle } from '../helpers/bundle.js';
import { dataEdit, editData, editText, params, textEdit, toYaml, wordsOf, yamlValue } from '../helpers/fuzz.js';
import { loadsOrExplains } from '../helpers/load-checks.js';
import { YamlSource } from '../../src/yaml/index.js';

const bundle = testBundle();
const context: ValidationContext = {
  hasPrompt: (id) => bundle.catalogue.has(id),
  promptArguments: (id) => [...(bundle.catalogue.argumentsOf(id)?.keys() ?? [])],
  promptsWhere: `${DEFAULTS.promptsDir}/${BASE_THEME}/${DEFAULTS.defaultLanguage}`,
};

const SHIPPED = ['virtual-reception', 'pin-entry'].map((name) => {
  const file = join(DEFAULTS.flowsDir, `${name}.yaml`);
  const text = readFileSync(file, 'utf8');
  return { name, file, text, data: parse(text) as unknown };
});
const shipped = fc.constantFrom(...SHIPPED);
const words = [...new Set(SHIPPED.flatMap((flow) => wordsOf(flow.data)))];

function load(file: string, text: string): Flow | undefined {
  return loadsOrExplains(() => parseFlow(new YamlSource(file, text), context), file);
}

/** A call to a service running the flow (in place of the shipped one of that name), with random keys. */
async function callThrough(flow: Flow, script: Parameters<typeof boundedCall>[0]['script']) {
  const others = SHIPPED.filter((other) => other.name !== flow.name).map((other) => bundle.flows.get(other.name)!);
  const flows = FlowSet.of([flow, ...others]);
  await boundedCall({
    bundle: { ...bundle, flows },
    to: flow.name === 'pin-entry' ? '1001' : '8000',
    script,
    hangupAtMs: 600_000,
  });
}

describe('any flow file: a clear LoadError with file and line, or a flow that runs calls without escaping', () => {
  it('random YAML', () => {
    fc.assert(
      fc.property(yamlValue, (data) => {
        load('/flows/random.yaml', toYaml(data));
      }),
      params(200),
    );
  });

  it('the shipped flows with lines deleted, moved, re-indented or replaced by junk', async () => {
    await fc.assert(
      fc.asyncProperty(
        shipped,
        fc.array(textEdit, { minLength: 1, maxLength: 4 }),
        keyScript(12),
        async (original, edits, script) => {
          const flow = load(original.file, editText(original.text, edits));
          if (flow) await callThrough(flow, script);
        },
      ),
      params(100),
    );
  });

  it('the shipped flows with values replaced, keys renamed or deleted, parts copied elsewhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        shipped,
        fc.array(dataEdit(words), { minLength: 1, maxLength: 4 }),
        keyScript(12),
        async (original, edits, script) => {
          const text = toYaml(editData(original.data, edits));
          const flow = load(original.file, text);
          if (flow) await callThrough(flow, script);
        },
      ),
      params(150),
    );
  });
});
