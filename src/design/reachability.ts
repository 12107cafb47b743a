import type { FlowGraph, GraphEdge, GraphState } from '../flows/flow-graph.js';

/**
 * Questions about where a caller can go in a flow, answered on its graph. A caller is always in
 * one atomic (or final) state; the transitions that apply there are the state's own and those of
 * every enclosing state, up to the top of the flow. Guards are assumed to pass sometimes: the
 * answers say what is possible, not what a given caller will do.
 */

/** The state a transition into `id` ends in: `id`, or its initial descendant. */
export function settledState(graph: FlowGraph, id: string): string {
  const byId = index(graph);
  let state = byId.get(id);
  while (state?.type === 'compound' && state.initial !== null) state = byId.get(state.initial);
  return state?.id ?? id;
}

/** `id` and the states enclosing it, innermost first. */
export function ancestry(graph: FlowGraph, id: string): string[] {
  const byId = index(graph);
  const chain: string[] = [];
  for (let state = byId.get(id); state; state = state.parent === null ? undefined : byId.get(state.parent))
    chain.push(state.id);
  return chain;
}

/** The transitions that apply while the caller is in atomic state `id` (none once the flow has ended). */
export function transitionsFrom(
  graph: FlowGraph,
  id: string,
  ignore: (edge: GraphEdge) => boolean = () => false,
): GraphEdge[] {
  if (endsFlow(graph, id)) return [];
  const chain = new Set<string | null>([...ancestry(graph, id), null]);
  return graph.edges.filter((edge) => chain.has(edge.source) && !ignore(edge));
}

/** A final state at the top of the flow: reaching it ends the flow (a nested one only ends its parent). */
export function endsFlow(graph: FlowGraph, id: string): boolean {
  const state = index(graph).get(id);
  return state?.type === 'final' && state.parent === null;
}

/** Every state a caller can reach from the flow's start, enclosing states included. */
export function reachableStates(graph: FlowGraph): Set<string> {
  const reached = new Set<string>();
  const seen = new Set<string>();
  const queue: string[] = [];
  const enter = (id: string) => {
    const leaf = settledState(graph, id);
    for (const state of [...ancestry(graph, leaf), ...ancestry(graph, id)]) reached.add(state);
    if (!seen.has(leaf)) {
      seen.add(leaf);
      queue.push(leaf);
    }
  };
  if (graph.initial !== '') enter(graph.initial);
  for (let leaf = queue.shift(); leaf !== undefined; leaf = queue.shift()) {
    for (const edge of transitionsFrom(graph, leaf)) if (edge.target !== null) enter(edge.target);
  }
  return reached;
}

/**
 * The atomic states from which the flow can still end (reach a final state at its top), ignoring
 * the transitions `ignore` picks out.
 */
export function statesThatCanEnd(graph: FlowGraph, ignore: (edge: GraphEdge) => boolean = () => false): Set<string> {
  const leaves = graph.states
    .filter((state) => state.type !== 'compound' || state.initial === null)
    .map((state) => state.id);
  const canEnd = new Set(leaves.filter((id) => endsFlow(graph, id)));
  const next = new Map(
    leaves.map((id) => [
      id,
      transitionsFrom(graph, id, ignore).flatMap((edge) =>
        edge.target === null ? [] : [settledState(graph, edge.target)],
      ),
    ]),
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const id of leaves) {
      if (canEnd.has(id) || !(next.get(id) ?? []).some((target) => canEnd.has(target))) continue;
      canEnd.add(id);
      changed = true;
    }
  }
  return canEnd;
}

/**
 * Atomic states that wait for the caller's keys (their own `DTMF` transition) with nothing else to
 * move them on: no `after` delay and no invoked actor, in the state or around it, and no
 * unguarded `always`. A silent caller would stay there until they hang up.
 */
export function statesWaitingWithoutTimeout(graph: FlowGraph): GraphState[] {
  return graph.states.filter((state) => {
    if (state.type !== 'atomic') return false;
    const own = graph.edges.filter((edge) => edge.source === state.id);
    if (!own.some((edge) => edge.kind === 'event' && edge.event === 'DTMF')) return false;
    if (own.some((edge) => edge.kind === 'always' && edge.guard === null)) return false;
    const around = new Set<string | null>([...ancestry(graph, state.id), null]);
    const byId = index(graph);
    const invokes = [...around].some((id) => id !== null && (byId.get(id)?.invokes.length ?? 0) > 0);
    const timers = graph.edges.some((edge) => edge.kind === 'after' && around.has(edge.source));
    return !invokes && !timers;
  });
}

const indexes = new WeakMap<FlowGraph, Map<string, GraphState>>();

function index(graph: FlowGraph): Map<string, GraphState> {
  let byId = indexes.get(graph);
  if (!byId) {
    byId = new Map(graph.states.map((state) => [state.id, state]));
    indexes.set(graph, byId);
  }
  return byId;
}
