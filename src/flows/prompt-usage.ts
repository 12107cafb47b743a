import { isObject } from '../yaml/index.js';
import { vocabularyOf } from './vocabulary.js';
import type { FlowSet } from './flow-set.js';

type Raw = Record<string, unknown>;

/**
 * Where each prompt id is played in the flows: `flow/state` (dotted for nested states), in file
 * order. Reads the flows as written, through each actor's own list of the prompts its input names.
 */
export function promptUsage(flows: FlowSet): Map<string, string[]> {
  const usage = new Map<string, string[]>();
  for (const flow of flows.all()) {
    const { actors } = vocabularyOf(flow.config);
    visit(flow.config.states, [], (state, invoke) => {
      const ids = actors[String(invoke.src)]?.prompts?.(invoke.input) ?? [];
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
  const { actors } = vocabularyOf(config);
  visit(config.states, [], (_state, invoke) => {
    for (const id of actors[String(invoke.src)]?.prompts?.(invoke.input) ?? []) ids.add(id);
  });
  return [...ids];
}

function visit(states: unknown, path: string[], onInvoke: (state: string, invoke: Raw) => void): void {
  if (!isObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const here = [...path, name];
    const invokes = Array.isArray(state.invoke) ? state.invoke : state.invoke === undefined ? [] : [state.invoke];
    for (const invoke of invokes) if (isObject(invoke)) onInvoke(here.join('.'), invoke);
    visit(state.states, here, onInvoke);
  }
}
