import { isObject } from '../yaml/index.js';
import type { FlowSet } from './flow-set.js';
import { vocabularyOf, type Vocabulary } from './vocabulary.js';

type Raw = Record<string, unknown>;

/**
 * Where each prompt id is played in the flows: `flow/state` (dotted for nested states), in file
 * order. Reads the flows as written, through each actor's (and action's) own list of the prompts
 * its input (params) names.
 */
export function promptUsage(flows: FlowSet): Map<string, string[]> {
  const usage = new Map<string, string[]>();
  for (const flow of flows.all()) {
    visit(flow.config.states, [], vocabularyOf(flow.config), (state, ids) => {
      for (const id of ids) {
        const list = usage.get(id) ?? [];
        const where = `${flow.name}/${state}`;
        if (!list.includes(where)) list.push(where);
        usage.set(id, list);
      }
    });
  }
  return usage;
}

/** The prompt ids a flow config (as written, validated or not) plays. */
export function promptIdsOf(config: Readonly<Raw>): string[] {
  const ids = new Set<string>();
  visit(config.states, [], vocabularyOf(config), (_state, played) => {
    for (const id of played) ids.add(id);
  });
  return [...ids];
}

/** Calls `onPrompts` with each state's prompts: its actors' inputs, and its actions' params (a meeting flow's `say`). */
function visit(
  states: unknown,
  path: string[],
  vocabulary: Vocabulary,
  onPrompts: (state: string, ids: readonly string[]) => void,
): void {
  if (!isObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const here = [...path, name];
    const ids: string[] = [];
    const invokes = Array.isArray(state.invoke) ? state.invoke : state.invoke === undefined ? [] : [state.invoke];
    for (const invoke of invokes)
      if (isObject(invoke)) ids.push(...(vocabulary.actors[String(invoke.src)]?.prompts?.(invoke.input) ?? []));
    const { states: children, invoke: _invoke, ...rest } = state;
    namedActions(rest, (type, params) => ids.push(...(vocabulary.actions[type]?.prompts?.(params) ?? [])));
    if (ids.length > 0) onPrompts(here.join('.'), ids);
    visit(children, here, vocabulary, onPrompts);
  }
}

/** Every `{ type, params }` in a state's own fields (entry, exit, transitions' actions). */
function namedActions(node: unknown, found: (type: string, params: unknown) => void): void {
  if (Array.isArray(node)) for (const item of node) namedActions(item, found);
  else if (isObject(node)) {
    if (typeof node.type === 'string' && node.params !== undefined) found(node.type, node.params);
    for (const value of Object.values(node)) namedActions(value, found);
  }
}
