import { isDurationText } from './settings.js';
import { isObject, valueText, type Path } from '../yaml/index.js';

type Raw = Record<string, unknown>;

/** How a transition is triggered. */
export type EdgeKind = 'event' | 'after' | 'always' | 'done' | 'error';

/** One state of a flow, with what the chart and the checks need to know about it. */
export interface GraphState {
  /** Dotted path from the top of the flow: `lookup`, `menu.help`. */
  readonly id: string;
  readonly name: string;
  /** The enclosing state's id; null for a state at the top of the flow. */
  readonly parent: string | null;
  readonly type: 'atomic' | 'compound' | 'final';
  /** A compound state's initial child (its id). */
  readonly initial: string | null;
  readonly children: readonly string[];
  /** Where the state is in the flow file (for `file:line`). */
  readonly path: Path;
  readonly entry: readonly NamedRef[];
  readonly invokes: readonly GraphInvoke[];
  /** A final state's `output` (outcome and reason). */
  readonly output: Readonly<Record<string, unknown>> | null;
}

/** An action or guard as named in the flow, with its params. */
export interface NamedRef {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>> | null;
}

export interface GraphInvoke {
  readonly id: string;
  readonly src: string;
  /** Prompt ids in the input (`prompts: [...]`), for the chart. */
  readonly prompts: readonly string[];
}

/** One transition as written: from the state that declares it, on what, under which guard, to where. */
export interface GraphEdge {
  /** The state that declares it; null for the top of the flow (then it applies in every state). */
  readonly source: string | null;
  /** The state it goes to; null when it has no target (actions only) or the target is unknown. */
  readonly target: string | null;
  readonly kind: EdgeKind;
  /** The event name for `kind: event` (`DTMF`). */
  readonly event: string | null;
  /** The guard and its params, by name. */
  readonly guard: NamedRef | null;
  /** For `after`: the delay as named in the flow and the value it stands for (`10s`, `500ms`). */
  readonly delay: { readonly name: string; readonly value: string } | null;
  /** For `done`/`error`: the invoked actor. */
  readonly invoke: GraphInvoke | null;
  readonly actions: readonly NamedRef[];
  readonly path: Path;
}

/** A flow as a plain graph: its states and its transitions, with no XState in between. */
export interface FlowGraph {
  readonly name: string;
  /** The state the flow starts in (its id). */
  readonly initial: string;
  /** Every state, parents before children, in file order. */
  readonly states: readonly GraphState[];
  readonly edges: readonly GraphEdge[];
}

/**
 * Builds the graph of a flow config as written in its file (validated or not: what cannot be
 * read is left out). Targets resolve as XState resolves them: `name` among the declaring state's
 * siblings, `.name` among its children, `#flow.path` anywhere.
 */
export function flowGraph(name: string, config: Readonly<Raw>): FlowGraph {
  const settings = isObject(config.settings) ? config.settings : {};
  const states: GraphState[] = [];
  const edges: GraphEdge[] = [];
  const pending: { owner: string | null; node: Raw; path: Path }[] = [];

  const addStates = (node: Raw, parent: string | null, path: Path): void => {
    if (!isObject(node.states)) return;
    for (const [childName, child] of Object.entries(node.states)) {
      const id = parent === null ? childName : `${parent}.${childName}`;
      const childPath = [...path, 'states', childName];
      const body = isObject(child) ? child : {};
      const hasChildren = isObject(body.states) && Object.keys(body.states).length > 0;
      const type = body.type === 'final' ? 'final' : hasChildren ? 'compound' : 'atomic';
      const childNames = hasChildren ? Object.keys(body.states as Raw).map((grandchild) => `${id}.${grandchild}`) : [];
      const initial =
        type === 'compound' && typeof body.initial === 'string' && childNames.includes(`${id}.${body.initial}`)
          ? `${id}.${body.initial}`
          : null;
      states.push({
        id,
        name: childName,
        parent,
        type,
        initial,
        children: childNames,
        path: childPath,
        entry: refs(body.entry),
        invokes: invokesOf(body.invoke),
        output: type === 'final' && isObject(body.output) ? body.output : null,
      });
      pending.push({ owner: id, node: body, path: childPath });
      if (hasChildren) addStates(body, id, childPath);
    }
  };
  pending.push({ owner: null, node: config, path: [] });
  addStates(config, null, []);

  const ids = new Set(states.map((state) => state.id));
  const parentOf = new Map(states.map((state) => [state.id, state.parent]));
  const resolve = (owner: string | null, target: unknown): string | null =>
    resolveTarget(name, ids, parentOf, owner, target);
  for (const { owner, node, path } of pending) edges.push(...edgesOf(owner, node, path, settings, resolve));

  const top = typeof config.initial === 'string' ? config.initial : '';
  return {
    name,
    initial: ids.has(top) ? top : (states.find((state) => state.parent === null)?.id ?? ''),
    states,
    edges,
  };
}

type Resolve = (owner: string | null, target: unknown) => string | null;

function edgesOf(owner: string | null, node: Raw, path: Path, settings: Raw, resolve: Resolve): GraphEdge[] {
  const base = { source: owner, event: null, delay: null, invoke: null };
  // In the order the file has them, so the chart reads like the flow.
  return Object.keys(node).flatMap((key): GraphEdge[] => {
    const value = node[key];
    if (key === 'on' && isObject(value)) {
      return Object.entries(value).flatMap(([event, list]) =>
        transitions(
          list,
          [...path, 'on', event],
          (parts, at) => ({ ...base, ...parts, kind: 'event', event, path: at }),
          owner,
          resolve,
        ),
      );
    }
    if (key === 'after' && isObject(value)) {
      return Object.entries(value).flatMap(([delay, list]) => {
        const written = settings[delay];
        const shown = /^\d+$/.test(delay) ? `${delay}ms` : isDurationText(written) ? written.trim() : delay;
        return transitions(
          list,
          [...path, 'after', delay],
          (parts, at) => ({ ...base, ...parts, kind: 'after', delay: { name: delay, value: shown }, path: at }),
          owner,
          resolve,
        );
      });
    }
    if (key === 'always')
      return transitions(
        value,
        [...path, 'always'],
        (parts, at) => ({ ...base, ...parts, kind: 'always', path: at }),
        owner,
        resolve,
      );
    if (key === 'invoke') return invokeEdges(value, [...path, 'invoke'], base, owner, resolve);
    return [];
  });
}

function invokeEdges(
  value: unknown,
  path: Path,
  base: Pick<GraphEdge, 'source' | 'event' | 'delay'>,
  owner: string | null,
  resolve: Resolve,
): GraphEdge[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((raw, index) => {
    if (!isObject(raw)) return [];
    const invoke = invokeOf(raw);
    const at: Path = Array.isArray(value) ? [...path, index] : path;
    return (['onDone', 'onError'] as const).flatMap((key) => {
      if (raw[key] === undefined) return [];
      const kind = key === 'onDone' ? 'done' : 'error';
      return transitions(
        raw[key],
        [...at, key],
        (parts, where) => ({ ...base, ...parts, kind, invoke, path: where }),
        owner,
        resolve,
      );
    });
  });
}

type TransitionParts = Pick<GraphEdge, 'target' | 'guard' | 'actions'>;

function transitions(
  value: unknown,
  path: Path,
  make: (parts: TransitionParts, at: Path) => GraphEdge,
  owner: string | null,
  resolve: Resolve,
): GraphEdge[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((transition, index) => {
    const at = Array.isArray(value) ? [...path, index] : path;
    if (typeof transition === 'string')
      return [make({ target: resolve(owner, transition), guard: null, actions: [] }, at)];
    if (!isObject(transition)) return [];
    return [
      make(
        {
          target: transition.target === undefined ? null : resolve(owner, transition.target),
          guard: refs(transition.guard)[0] ?? null,
          actions: refs(transition.actions),
        },
        at,
      ),
    ];
  });
}

function resolveTarget(
  flow: string,
  ids: ReadonlySet<string>,
  parentOf: ReadonlyMap<string, string | null>,
  owner: string | null,
  target: unknown,
): string | null {
  if (typeof target !== 'string' || target === '') return null;
  let id: string;
  if (target.startsWith('#')) {
    const path = target.slice(1);
    id = path.startsWith(`${flow}.`) ? path.slice(flow.length + 1) : path;
  } else if (target.startsWith('.')) {
    id = owner === null ? target.slice(1) : `${owner}${target}`;
  } else {
    if (owner === null) return null;
    const parent = parentOf.get(owner) ?? null;
    id = parent === null ? target : `${parent}.${target}`;
  }
  return ids.has(id) ? id : null;
}

function invokesOf(value: unknown): GraphInvoke[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter(isObject).map(invokeOf);
}

function invokeOf(invoke: Raw): GraphInvoke {
  const input = isObject(invoke.input) ? invoke.input : {};
  const prompts = Array.isArray(input.prompts)
    ? input.prompts.filter((id): id is string => typeof id === 'string')
    : [];
  return { id: valueText(invoke.id ?? ''), src: valueText(invoke.src ?? ''), prompts };
}

/** Named pieces in `entry`, `actions` or `guard`: a name, `{ type, params }`, or a list of them. */
function refs(value: unknown): NamedRef[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((item): NamedRef[] => {
    if (typeof item === 'string') return [{ name: item, params: null }];
    if (isObject(item) && typeof item.type === 'string')
      return [{ name: item.type, params: isObject(item.params) ? item.params : null }];
    return [];
  });
}
