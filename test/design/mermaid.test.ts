import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULTS } from '../../src/config/index.js';
import { edgeLabel, flowGraph, toMermaid, type FlowGraph } from '../../src/design/index.js';
import { parseMermaid } from '../helpers/mermaid.js';

function shipped(name: string): FlowGraph {
  return flowGraph(name, parse(readFileSync(join(DEFAULTS.flowsDir, `${name}.yaml`), 'utf8')));
}

describe('toMermaid: a flow as a Mermaid state diagram', () => {
  for (const name of ['pin-entry', 'virtual-reception']) {
    it(`the shipped ${name} parses with Mermaid's own parser, with every state and every transition`, async () => {
      const graph = shipped(name);
      const diagram = await parseMermaid(toMermaid(graph));
      for (const state of graph.states) expect(diagram.states.has(state.id)).toBe(true);
      const expected = graph.edges.filter((edge) => edge.target !== null).map((edge) => ({ from: edge.source, to: edge.target, label: edgeLabel(edge) }));
      expect(diagram.relations.filter((relation) => !relation.from.startsWith('root_') && !relation.to.startsWith('root_'))).toEqual(expected);
      expect(diagram.relations.filter((relation) => relation.from === 'root_start')).toEqual([{ from: 'root_start', to: graph.initial, label: '' }]);
      const ends = graph.states.filter((state) => state.type === 'final').map((state) => ({ from: state.id, to: 'root_end', label: '' }));
      expect(diagram.relations.filter((relation) => relation.to === 'root_end')).toEqual(ends);
    });
  }

  it('labels events with guards and actions, delays with their values, always, onDone and onError', async () => {
    const text = toMermaid(shipped('virtual-reception'));
    expect(text.startsWith('stateDiagram-v2\n  [*] --> start\n')).toBe(true);
    const { relations, states } = await parseMermaid(text);
    const labels = (from: string) => relations.filter((relation) => relation.from === from).map((relation) => `${relation.label} -> ${relation.to}`);
    expect(labels('start')).toEqual(['after 2s (answer_delay) -> ask', 'DTMF [isEntryKey] / bufferDigit -> ask']);
    expect(labels('lookup')).toEqual(['onDone [roomFound] / setTarget -> holding', 'onDone -> invalidNumber', 'onError -> technicalProblem']);
    expect(labels('invalidNumber')).toEqual(['always [attemptsExhausted] -> failed', 'always [hasBufferedDigits] -> collecting', 'always -> retrying']);
    expect(states.get('prompting')!.labels).toEqual(['plays reception.enter_number']);
    expect(states.get('lookup')!.labels).toEqual(['entry / takeEntry', 'runs lookupRoom']);
    expect(states.get('handoff')!.labels).toEqual(['handoff']);
    expect(states.get('numberInvalid')!.labels).toEqual(['disconnected number_invalid']);
  });

  it('guard params, nested states, top-level transitions and names Mermaid reserves', async () => {
    const graph = flowGraph(
      'menu',
      parse(`
initial: note
on:
  DTMF: { guard: { type: keyIs, params: { value: "#" } }, target: .end }
states:
  note:
    initial: state
    states:
      state:
        after: { 1000: class }
      class:
        type: final
        output: { outcome: handoff }
    on:
      DTMF: { guard: { type: keyIs, params: { value: "0" } }, target: end }
  end:
    type: final
    output: { outcome: disconnected, reason: number_invalid }
`),
    );
    const text = toMermaid(graph);
    const { states, relations } = await parseMermaid(text);
    expect(states.get('s_note')).toMatchObject({ parent: null });
    expect(states.get('note__state')).toMatchObject({ parent: 's_note', labels: ['state'] });
    expect(states.get('s_end')).toMatchObject({ parent: null, labels: ['end', 'disconnected number_invalid'] });
    expect(relations).toEqual(
      expect.arrayContaining([
        { from: 's_note', to: 's_end', label: 'DTMF [keyIs value=#]' },
        { from: 's_note', to: 's_end', label: 'DTMF [keyIs value=0]' },
        { from: 'note__state', to: 'note__class', label: 'after 1000ms' },
        { from: 'note__class', to: 's_note_end', label: '' },
      ]),
    );
  });
});
