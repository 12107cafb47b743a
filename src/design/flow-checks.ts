import type { Problem, YamlSource } from '../yaml/index.js';
import type { FlowGraph, GraphEdge, GraphState } from '../flows/flow-graph.js';
import { flowKind } from '../flows/flow-kind.js';
import { reachableStates, statesThatCanEnd, statesWaitingWithoutTimeout } from './reachability.js';

/**
 * Events that end the call whatever the flow does. Flows do not receive them today (the session
 * stops the flow when the caller hangs up or the channel fails); should a flow ever handle them,
 * a transition on them must not count as a way to finish the flow.
 */
export const CALL_ENDING_EVENTS: ReadonlySet<string> = new Set(['HANGUP', 'CHANNEL_FAILURE']);

const ignoreCallEnding = (edge: GraphEdge) =>
  edge.kind === 'event' && edge.event !== null && CALL_ENDING_EVENTS.has(edge.event);

/**
 * What the loader cannot see in a single state but a designer needs to hear about: states no
 * caller can reach, states that wait for keys with no timeout, and states from which the flow
 * can never end. Each problem names the state's line in `source`.
 */
export function checkFlowGraph(graph: FlowGraph, source: YamlSource): Problem[] {
  // A participant in a meeting waits as long as the meeting lasts: only entry flows need timeouts.
  const meeting = flowKind(source.data as Record<string, unknown>) === 'meeting';
  const problems: Problem[] = [];
  const at = (state: GraphState, message: string) =>
    problems.push({ file: source.file, line: source.keyLineOf(state.path), message, severity: 'error' });
  const reachable = reachableStates(graph);
  const canEnd = statesThatCanEnd(graph, ignoreCallEnding);
  const waiting = new Set(statesWaitingWithoutTimeout(graph).map((state) => state.id));
  for (const state of graph.states) {
    if (!reachable.has(state.id)) {
      // An unreachable compound state's children are unreachable too: one line says it.
      if (state.parent === null || reachable.has(state.parent)) {
        at(
          state,
          `state "${state.id}" is unreachable: no transition leads to it from the initial state "${graph.initial}"`,
        );
      }
      continue;
    }
    if (waiting.has(state.id) && !meeting) {
      at(
        state,
        `state "${state.id}" waits for the caller with no timeout: add an after: delay (for example first_digit_timeout) so a silent caller moves on`,
      );
    } else if (state.type !== 'compound' && !canEnd.has(state.id)) {
      at(state, `no final state can be reached from state "${state.id}": a caller there is stuck until they hang up`);
    }
  }
  return problems;
}
