/**
 * What a flow is for, from how its final states end: a flow that can end in `handoff` passes the
 * caller on to a room, so it is a reception flow; one that can end `joined` admits the caller to
 * a room, so it is a room flow (PIN entry). A service must run a flow of its own kind: a room
 * running a reception flow would hand its callers to nowhere. A flow whose final states end `left`
 * is a meeting flow: a participant's life after admission (a room names it as `meeting_flow`). A flow
 * whose final states end `ended` is an instance flow: a room's conference instance, shared by its
 * participants (a room names it as `room_flow`).
 */
export type FlowKind = 'reception' | 'room' | 'meeting' | 'instance';

type Raw = Record<string, unknown>;

/** The kind of a flow as written (validated or not); undefined when its endings say neither, or both. */
export function flowKind(config: Readonly<Raw>): FlowKind | undefined {
  const outcomes = finalOutcomes(config);
  if (outcomes.has('left')) return outcomes.size === 1 ? 'meeting' : undefined;
  if (outcomes.has('ended')) return outcomes.size === 1 ? 'instance' : undefined;
  const handoff = outcomes.has('handoff');
  const joined = outcomes.has('joined');
  if (handoff === joined) return undefined;
  return handoff ? 'reception' : 'room';
}

/** The kind of flow a service of this type runs. */
export function flowKindFor(serviceType: string): FlowKind {
  return serviceType === 'reception' ? 'reception' : 'room';
}

/** Every `output.outcome` of the flow's final states, at any depth. */
export function finalOutcomes(config: Readonly<Raw>): Set<string> {
  const outcomes = new Set<string>();
  const visit = (states: unknown): void => {
    if (!isObject(states)) return;
    for (const state of Object.values(states)) {
      if (!isObject(state)) continue;
      if (state.type === 'final' && isObject(state.output) && typeof state.output.outcome === 'string')
        outcomes.add(state.output.outcome);
      visit(state.states);
    }
  };
  visit(config.states);
  return outcomes;
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
