import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULTS } from '../../src/config/index.js';
import { edgeLabel, flowGraph, mermaidIds, toMermaid, type FlowGraph } from '../../src/design/index.js';
import { parseMermaid } from '../helpers/mermaid.js';

function shipped(name: string): FlowGraph {
  return flowGraph(
    name,
    parse(readFileSync(join(DEFAULTS.flowsDir, `${name}.yaml`), 'utf8')) as Record<string, unknown>,
  );
}

describe('toMermaid: a flow as a Mermaid state diagram', () => {
  for (const name of ['pin-entry', 'virtual-reception']) {
    it(`the shipped ${name} parses with Mermaid's own parser, with every state and every transition`, async () => {
      const graph = shipped(name);
      const diagram = await parseMermaid(toMermaid(graph));
      const ids = mermaidIds(graph);
      for (const state of graph.states) {
        const id = ids.get(state.id)!;
        expect(diagram.states.has(id)).toBe(true);
        // Shown by its name: as the id itself, or as the label before its notes.
        if (id !== state.id) expect(diagram.states.get(id)!.labels[0]).toBe(state.name);
      }
      const expected = graph.edges
        .filter((edge) => edge.target !== null)
        .map((edge) => ({ from: ids.get(edge.source!), to: ids.get(edge.target!), label: edgeLabel(edge) }));
      expect(
        diagram.relations.filter((relation) => !relation.from.startsWith('root_') && !relation.to.startsWith('root_')),
      ).toEqual(expected);
      expect(diagram.relations.filter((relation) => relation.from === 'root_start')).toEqual([
        { from: 'root_start', to: ids.get(graph.initial), label: '' },
      ]);
      const ends = graph.states
        .filter((state) => state.type === 'final')
        .map((state) => ({ from: ids.get(state.id), to: 'root_end', label: '' }));
      expect(diagram.relations.filter((relation) => relation.to === 'root_end')).toEqual(ends);
    });
  }

  it('labels events with guards and actions, delays with their values, always, onDone and onError', async () => {
    const text = toMermaid(shipped('virtual-reception'));
    expect(text.startsWith('stateDiagram-v2\n  [*] --> start\n')).toBe(true);
    const { relations, states } = await parseMermaid(text);
    const labels = (from: string) =>
      relations.filter((relation) => relation.from === from).map((relation) => `${relation.label} -> ${relation.to}`);
    expect(labels('start')).toEqual(['after 2s (answer_delay) -> ask', 'DTMF [isEntryKey] / bufferDigit -> ask']);
    expect(labels('s_lookup')).toEqual([
      'onDone [roomFound] / setTarget -> s_holding',
      'onDone -> s_invalidNumber',
      'onError -> s_technicalProblem',
    ]);
    expect(labels('s_invalidNumber')).toEqual([
      'always [attemptsExhausted] -> failed',
      'always [hasBufferedDigits] -> collecting',
      'always [entryIs value=] -> s_retrying',
      'always -> s_readingBack',
    ]);
    expect(states.get('s_prompting')!.labels).toEqual(['prompting', 'plays reception.enter_number']);
    expect(states.get('s_lookup')!.labels).toEqual(['lookup', 'entry / takeEntry', 'runs lookupRoom']);
    expect(states.get('s_handoff')!.labels).toEqual(['handoff', 'ends: handoff']);
    expect(states.get('s_numberInvalid')!.labels).toEqual(['numberInvalid', 'ends: disconnected number_invalid']);
    expect(states.get('collecting')!.labels).toEqual([]);
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
`) as Record<string, unknown>,
    );
    const text = toMermaid(graph);
    const { states, relations } = await parseMermaid(text);
    expect(states.get('s_note')).toMatchObject({ parent: null });
    expect(states.get('s_note__state')).toMatchObject({ parent: 's_note', labels: ['state'] });
    expect(states.get('s_end')).toMatchObject({ parent: null, labels: ['end', 'ends: disconnected number_invalid'] });
    expect(relations).toEqual(
      expect.arrayContaining([
        { from: 's_note', to: 's_end', label: 'DTMF [keyIs value=#]' },
        { from: 's_note', to: 's_end', label: 'DTMF [keyIs value=0]' },
        { from: 's_note__state', to: 's_note__class', label: 'after 1000ms' },
        { from: 's_note__class', to: 's_note_end', label: '' },
      ]),
    );
  });
});
