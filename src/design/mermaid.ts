import type { FlowGraph, GraphEdge, GraphState, NamedRef } from '../flows/flow-graph.js';
import { valueText } from '../yaml/index.js';

/** Words Mermaid's state diagram reads as keywords: a state with such a name gets another id. */
const KEYWORDS = new Set([
  'state',
  'note',
  'class',
  'classdef',
  'style',
  'click',
  'scale',
  'default',
  'direction',
  'end',
  'hide',
  'as',
  'fork',
  'join',
  'choice',
  'statediagram',
  'acctitle',
  'accdescr',
]);

/**
 * The flow as a Mermaid `stateDiagram-v2`: every state (compound states as composites), every
 * transition that changes state, labelled `event [guard] / actions`, `after 10s (name)`,
 * `always [guard]`, `onDone`/`onError`; final states lead to `[*]`. Transitions without a target
 * (actions only, such as buffering a key) change no state and are left out.
 */
export function toMermaid(graph: FlowGraph): string {
  const ids = mermaidIds(graph);
  const idOf = (state: string): string => {
    const id = ids.get(state);
    if (id === undefined) throw new Error(`flow graph: "${state}" is named as a state but is not one`);
    return id;
  };
  const lines = ['stateDiagram-v2'];
  const write = (depth: number, text: string) => lines.push(`${'  '.repeat(depth)}${text}`);

  const block = (parent: string | null, depth: number): void => {
    const children = graph.states.filter((state) => state.parent === parent);
    const initial = parent === null ? graph.initial : graph.states.find((state) => state.id === parent)?.initial;
    if (initial) write(depth, `[*] --> ${idOf(initial)}`);
    for (const state of children) {
      const id = idOf(state.id);
      const label = id === state.name ? '' : `"${state.name}" as `;
      if (state.type === 'compound') {
        write(depth, `state ${label}${id} {`);
        block(state.id, depth + 1);
        write(depth, '}');
      } else if (label) {
        write(depth, `state ${label}${id}`);
      }
      if (state.type !== 'compound') for (const note of describe(state)) write(depth, `${id} : ${note}`);
    }
    for (const state of children) if (state.type === 'final') write(depth, `${idOf(state.id)} --> [*]`);
  };
  block(null, 1);
  // Transitions are written at the top, where Mermaid resolves every id (inside a composite an id
  // from outside it would make a new state).
  for (const edge of graph.edges) {
    if (edge.target === null) continue;
    const to = idOf(edge.target);
    // Transitions at the top of the flow apply in every state: drawn from each one that can take them.
    const from =
      edge.source === null
        ? graph.states
            .filter((state) => state.parent === null && state.type !== 'final' && state.id !== edge.target)
            .map((state) => state.id)
        : [edge.source];
    for (const source of from) write(1, `${idOf(source)} --> ${to} : ${edgeLabel(edge)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `DTMF [isEntryKey] / bufferDigit`, `after 10s (first_digit_timeout)`, `onDone [roomFound] / setTarget`. */
export function edgeLabel(edge: GraphEdge): string {
  const trigger = {
    event: edge.event ?? '',
    after: afterLabel(edge),
    always: 'always',
    done: 'onDone',
    error: 'onError',
  }[edge.kind];
  const guard = edge.guard ? ` [${ref(edge.guard)}]` : '';
  const actions = edge.actions.length > 0 ? ` / ${edge.actions.map(ref).join(', ')}` : '';
  return clean(`${trigger}${guard}${actions}`);
}

/** `after 10s (first_digit_timeout)`; a delay written in milliseconds is just `after 500ms`. */
function afterLabel(edge: GraphEdge): string {
  if (!edge.delay) return 'after';
  const { name, value } = edge.delay;
  return /^\d+$/.test(name) || name === value ? `after ${value}` : `after ${value} (${name})`;
}

/** What a state does, shown inside it: the prompts it plays, the actors it runs, its entry actions, a final state's output. */
function describe(state: GraphState): string[] {
  const notes: string[] = [];
  if (state.entry.length > 0) notes.push(`entry / ${state.entry.map(ref).join(', ')}`);
  for (const invoke of state.invokes) {
    notes.push(
      invoke.src === 'playPrompts' && invoke.prompts.length > 0
        ? `plays ${invoke.prompts.join(', ')}`
        : `runs ${invoke.src}`,
    );
  }
  if (state.output) notes.push(`ends: ${Object.values(state.output).map(String).join(' ')}`);
  return notes.map(clean);
}

/** `entryIs value=0`: a named piece with its params. */
function ref(named: NamedRef): string {
  const params = Object.entries(named.params ?? {}).map(([key, value]) => `${key}=${valueText(value)}`);
  return [named.name, ...params].join(' ');
}

/**
 * Mermaid ids: the state's name where Mermaid shows it as is. A state with notes, a nested state
 * and one named like a Mermaid keyword get an id of their own (`s_lookup`, `s_menu__help`) and
 * their name as label: Mermaid shows a state's first note instead of its id, never instead of a label.
 */
export function mermaidIds(graph: FlowGraph): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set(graph.states.map((state) => state.id));
  for (const state of graph.states) {
    const plain =
      state.parent === null &&
      !KEYWORDS.has(state.name.toLowerCase()) &&
      (state.type === 'compound' || describe(state).length === 0);
    if (plain) {
      ids.set(state.id, state.id);
      continue;
    }
    let id = `s_${state.id.replace(/\./g, '__')}`;
    while (taken.has(id)) id = `${id}_`;
    taken.add(id);
    ids.set(state.id, id);
  }
  return ids;
}

/** Labels are one line; `;` and `#` have meanings of their own in Mermaid text. */
function clean(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/;/g, ',')
    .replace(/#/g, '#35;');
}
