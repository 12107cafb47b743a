import type { Problem, YamlSource } from '../yaml/index.js';
import { flowGraph, type FlowGraph, type GraphEdge, type GraphState } from './flow-graph.js';

/**
 * Finds states a call would leave and re-enter forever without ever waiting: each moves on at once
 * (its first `always` transition, or an enclosing state's, has no guard) to the next, and the
 * chain comes back. XState would run such a loop inside one step, and Foyer with it; the loader
 * refuses it. Loops through guarded transitions are stopped at run time (see loop-guard.ts).
 */
export function eventlessLoops(source: YamlSource, name: string): Problem[] {
  const graph = flowGraph(name, source.data as Record<string, unknown>);
  const byId = new Map(graph.states.map((state) => [state.id, state]));
  const next = new Map<string, string>();
  for (const state of graph.states) {
    if (state.type !== 'atomic') continue;
    const move = definiteMove(graph, byId, state);
    if (move) next.set(state.id, move);
  }
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const start of next.keys()) {
    const chain: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && !chain.includes(at)) {
      chain.push(at);
      at = next.get(at);
    }
    if (at === undefined) continue;
    const loop = chain.slice(chain.indexOf(at));
    const key = [...loop].sort().join();
    if (reported.has(key)) continue;
    reported.add(key);
    const entered = byId.get(at);
    if (!entered) continue;
    problems.push({
      file: source.file,
      line: source.keyLineOf(entered.path),
      message:
        `states ${[...loop, at].map((id) => `"${id}"`).join(' → ')} move on at once, without a guard, in a circle:` +
        ' a call would loop forever. Give one of these always transitions a guard, or let one of the states wait' +
        ' (invoke, after or on)',
      severity: 'error',
    });
  }
  return problems;
}

/** Where a caller in `state` goes at once, whatever the call's data: its first eventless transition, if unguarded. */
function definiteMove(graph: FlowGraph, byId: ReadonlyMap<string, GraphState>, state: GraphState): string | undefined {
  // XState takes the innermost state's eventless transitions first, then its ancestors'.
  for (let owner: string | null = state.id; ; owner = byId.get(owner)?.parent ?? null) {
    const first = graph.edges.find((edge) => edge.kind === 'always' && edge.source === owner);
    if (first) return first.guard === null ? landing(byId, first) : undefined;
    if (owner === null) return undefined;
  }
}

/** The atomic state a transition ends in (a compound target enters its initial states). */
function landing(byId: ReadonlyMap<string, GraphState>, edge: GraphEdge): string | undefined {
  let state = edge.target === null ? undefined : byId.get(edge.target);
  while (state?.type === 'compound') state = state.initial === null ? undefined : byId.get(state.initial);
  return state?.type === 'atomic' ? state.id : undefined;
}
