import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULTS } from '../../src/config/index.js';
import {
  flowGraph,
  reachableStates,
  statesThatCanEnd,
  statesWaitingWithoutTimeout,
  transitionsFrom,
} from '../../src/design/index.js';

function shipped(name: string) {
  return flowGraph(
    name,
    parse(readFileSync(join(DEFAULTS.flowsDir, `${name}.yaml`), 'utf8')) as Record<string, unknown>,
  );
}

/** A menu with nested states, a top-level transition, a #target and a numeric delay. */
const NESTED = parse(`
settings:
  answer_delay: 2s
initial: menu
on:
  DTMF: { guard: { type: keyIs, params: { value: "*" } }, target: .menu }
states:
  menu:
    initial: asking
    after:
      answer_delay: bye
    states:
      asking:
        on:
          DTMF: { guard: { type: keyIs, params: { value: "1" } }, target: help }
      help:
        always: "#nested.menu.asking"
      spare:
        after: { 500: asking }
  bye:
    type: final
    output: { outcome: disconnected, reason: number_no_input }
`) as Record<string, unknown>;

describe('flowGraph: a flow file as states and transitions', () => {
  it('reads every state of the shipped PIN entry, with types and where each is in the file', () => {
    const graph = shipped('pin-entry');
    expect(graph.initial).toBe('start');
    expect(graph.states.map((state) => state.id)).toEqual([
      'start',
      'ask',
      'prompting',
      'promptingGuests',
      'waiting',
      'collecting',
      'checking',
      'wrongPin',
      'retrying',
      'timedOut',
      'failed',
      'sayingInvalid',
      'sayingNoInput',
      'admitted',
      'pinInvalid',
      'pinNoInput',
    ]);
    expect(graph.states.filter((state) => state.type === 'final').map((state) => state.id)).toEqual([
      'admitted',
      'pinInvalid',
      'pinNoInput',
    ]);
    expect(graph.states.find((state) => state.id === 'checking')).toMatchObject({
      path: ['states', 'checking'],
      entry: [{ name: 'takeEntry' }, { name: 'checkPin' }],
    });
    expect(graph.states.find((state) => state.id === 'prompting')!.invokes).toEqual([
      { id: 'prompt', src: 'playPrompts', prompts: ['pin.enter'] },
    ]);
  });

  it('reads transitions with event, guard and params, delay with its value, actions, and onDone/onError', () => {
    const graph = shipped('virtual-reception');
    const from = (id: string) => graph.edges.filter((edge) => edge.source === id);
    expect(from('waiting')).toEqual([
      expect.objectContaining({
        kind: 'after',
        target: 'timedOut',
        delay: { name: 'first_digit_timeout', value: '10s' },
        guard: null,
      }),
      expect.objectContaining({
        kind: 'event',
        event: 'DTMF',
        target: 'collecting',
        guard: { name: 'isEntryKey', params: null },
        actions: [{ name: 'bufferDigit', params: null }],
      }),
    ]);
    expect(from('lookup').map((edge) => [edge.kind, edge.guard?.name ?? null, edge.target])).toEqual([
      ['done', 'roomFound', 'holding'],
      ['done', null, 'invalidNumber'],
      ['error', null, 'technicalProblem'],
    ]);
    // The top-level DTMF only buffers the key: a transition with no target.
    expect(graph.edges.filter((edge) => edge.source === null)).toEqual([
      expect.objectContaining({ kind: 'event', event: 'DTMF', target: null }),
    ]);
  });

  it('resolves nested, .child and #flow.path targets', () => {
    const graph = flowGraph('nested', NESTED);
    expect(graph.states.map((state) => [state.id, state.type, state.parent])).toEqual([
      ['menu', 'compound', null],
      ['menu.asking', 'atomic', 'menu'],
      ['menu.help', 'atomic', 'menu'],
      ['menu.spare', 'atomic', 'menu'],
      ['bye', 'final', null],
    ]);
    expect(graph.edges.map((edge) => [edge.source, edge.kind, edge.target])).toEqual([
      [null, 'event', 'menu'],
      ['menu', 'after', 'bye'],
      ['menu.asking', 'event', 'menu.help'],
      ['menu.help', 'always', 'menu.asking'],
      ['menu.spare', 'after', 'menu.asking'],
    ]);
    expect(graph.edges.find((edge) => edge.source === 'menu.spare')!.delay).toEqual({ name: '500', value: '500ms' });
  });
});

describe('reachability', () => {
  it('in a nested state, the enclosing states and the top of the flow apply too', () => {
    const graph = flowGraph('nested', NESTED);
    expect(transitionsFrom(graph, 'menu.asking').map((edge) => edge.source)).toEqual([null, 'menu', 'menu.asking']);
    expect(transitionsFrom(graph, 'bye')).toEqual([]);
  });

  it('finds what a caller can reach from the start', () => {
    const graph = flowGraph('nested', NESTED);
    expect([...reachableStates(graph)].sort()).toEqual(['bye', 'menu', 'menu.asking', 'menu.help']);
  });

  it('every state of the shipped flows is reachable and can end', () => {
    for (const name of ['pin-entry', 'virtual-reception']) {
      const graph = shipped(name);
      expect([...reachableStates(graph)].sort()).toEqual(graph.states.map((state) => state.id).sort());
      expect([...statesThatCanEnd(graph)].sort()).toEqual(graph.states.map((state) => state.id).sort());
      expect(statesWaitingWithoutTimeout(graph)).toEqual([]);
    }
  });

  it("an enclosing state's timeout lets its children end; ignoring it strands them", () => {
    const graph = flowGraph('nested', NESTED);
    expect(statesThatCanEnd(graph).has('menu.asking')).toBe(true);
    const withoutTimers = statesThatCanEnd(graph, (edge) => edge.kind === 'after');
    expect([...withoutTimers]).toEqual(['bye']);
  });

  it('a state waiting for keys is fine when an enclosing state has a timeout, not otherwise', () => {
    expect(statesWaitingWithoutTimeout(flowGraph('nested', NESTED))).toEqual([]);
    const menu = (NESTED.states as Record<string, Record<string, unknown>>).menu!;
    const { after: _after, ...noTimer } = menu;
    const graph = flowGraph('nested', { ...NESTED, states: { ...(NESTED.states as object), menu: noTimer } });
    expect(statesWaitingWithoutTimeout(graph).map((state) => state.id)).toEqual(['menu.asking']);
  });
});
