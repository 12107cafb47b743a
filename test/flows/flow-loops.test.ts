import { describe, expect, it } from 'vitest';
import { FlowSet, parseFlow, type ValidationContext } from '../../src/flows/index.js';
import { LoadError, YamlSource } from '../../src/yaml/index.js';
import { boundedCall } from '../helpers/bounded-call.js';
import { testBundle } from '../helpers/bundle.js';

const bundle = testBundle();
const context: ValidationContext = { hasPrompt: (id) => bundle.catalogue.has(id), promptsWhere: 'prompts/base/en-US' };

/** A PIN-entry replacement whose `spin` states are written by each test. */
const flow = (spin: string) => `initial: start
settings:
  answer_delay: 2s
states:
  start:
    after:
      answer_delay: first
${spin}
  done:
    type: final
    output: { outcome: disconnected, reason: pin_no_input }
`;

function problems(yaml: string): string[] {
  try {
    parseFlow(new YamlSource('/flows/pin-entry.yaml', yaml), context);
    return [];
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    return error.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`);
  }
}

describe('flows that would loop without ever waiting', () => {
  it('states that move on at once, without guards, in a circle are refused with file and line', () => {
    const spin = `  first:
    always: second
  second:
    always: { target: first }`;
    expect(problems(flow(spin))).toEqual([
      expect.stringMatching(
        /^\/flows\/pin-entry\.yaml:8: states "first" → "second" → "first" move on at once, without a guard, in a circle: a call would loop forever/,
      ),
    ]);
  });

  it('a state that re-enters itself at once is refused', () => {
    expect(problems(flow(`  first:\n    always: { target: first, reenter: true }`))).toEqual([
      expect.stringMatching(/:8: states "first" → "first" move on at once/),
    ]);
  });

  it('an always transition without a target is refused (XState would take it again and again)', () => {
    expect(problems(flow(`  first:\n    always: { actions: bufferDigit }\n    after: { 1000: done }`))).toEqual([
      expect.stringMatching(/:9: an always transition needs a target/),
    ]);
  });

  it('a guarded circle that keeps passing ends the call with flow_error, and Foyer goes on', async () => {
    // The entry is empty until the caller enters something, so both guards keep passing.
    const spin = `  first:
    always: { guard: { type: entryIs, params: { value: "" } }, target: second }
    after: { 1000: done }
  second:
    always: { guard: { type: entryIs, params: { value: "" } }, target: first }
    after: { 1000: done }`;
    const looping = parseFlow(new YamlSource('/flows/pin-entry.yaml', flow(spin)), context);
    const flows = FlowSet.of([looping, bundle.flows.get('virtual-reception')!]);
    const record = await boundedCall({ bundle: { ...bundle, flows }, to: '1002', script: [], hangupAtMs: 60_000 });
    expect(record).toMatchObject({ outcome: 'disconnected', reason: 'flow_error' });
  });

  it(
    'actors that finish at once and lead back to each other (a loop in promise callbacks)' +
      ' end the call with flow_error instead of starving Foyer',
    async () => {
      const spin = `  first:
    invoke: { id: lookup, src: lookupRoom, input: { number: $entry }, onDone: second, onError: second }
  second:
    invoke: { id: lookup, src: lookupRoom, input: { number: $entry }, onDone: first, onError: first }`;
      const looping = parseFlow(
        new YamlSource(
          '/flows/virtual-reception.yaml',
          flow(spin).replace('reason: pin_no_input', 'reason: number_no_input'),
        ),
        context,
      );
      const flows = FlowSet.of([looping, bundle.flows.get('pin-entry')!]);
      const record = await boundedCall({ bundle: { ...bundle, flows }, to: '8000', script: [], hangupAtMs: 60_000 });
      expect(record).toMatchObject({ outcome: 'disconnected', reason: 'flow_error' });
    },
  );
});
