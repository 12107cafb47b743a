// Layered layout of a flow's chart by ELK (elkjs): states in layers along the way a call goes,
// nested states inside their parents, transitions routed orthogonally with room for their labels.
// The same flow always gets the same layout (ELK is deterministic and follows the file's order),
// so the chart stays put while a designer edits.
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { ApiState, ApiTransition, FlowView } from './api.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box extends Point {
  readonly width: number;
  readonly height: number;
}

/** A box on the chart: a state, or the flow's start dot and "any state" box. */
export interface ChartNode {
  readonly id: string;
  readonly kind: 'state' | 'start' | 'any';
  readonly state: ApiState | null;
  /** What the box lists under its name: prompts, actor, entry actions, transitions without a target. */
  readonly lines: readonly ChartLine[];
  /** Relative to the parent's box (as React Flow wants it). */
  readonly box: Box;
  readonly parent: string | null;
}

export interface ChartLine {
  readonly text: string;
  readonly kind: 'prompt' | 'actor' | 'entry' | 'internal' | 'output';
  /** For `internal`: the transition (index into the flow's transitions). */
  readonly transition?: number;
}

export interface ChartEdge {
  readonly id: string;
  /** Index into the flow's transitions; -1 for the start dot's arrow. */
  readonly transition: number;
  readonly source: string;
  readonly target: string;
  readonly label: readonly string[];
  /** The route in the chart's coordinates. */
  readonly points: readonly Point[];
  readonly labelBox: Box | null;
}

export interface Chart {
  readonly nodes: readonly ChartNode[];
  readonly edges: readonly ChartEdge[];
}

export const START = '__start';
export const ANY = '__any';
const CHAR = 7;
const LINE = 17;

const elk = new ELK();

/** Lays out a flow; resolves to boxes and routes for the chart. */
export async function layoutFlow(view: FlowView): Promise<Chart> {
  const contents = new Map<string, ChartLine[]>();
  const lineFor = (id: string): ChartLine[] => {
    const lines = contents.get(id) ?? [];
    contents.set(id, lines);
    return lines;
  };
  for (const state of view.states) lineFor(state.id).push(...stateLines(state));
  const drawn: { transition: ApiTransition; index: number; source: string; target: string }[] = [];
  view.transitions.forEach((transition, index) => {
    const source = transition.from ?? ANY;
    if (transition.to === null) {
      lineFor(source).push({
        text: `${transition.event}${guardText(transition)} / ${actionText(transition)}`,
        kind: 'internal',
        transition: index,
      });
    } else drawn.push({ transition, index, source, target: transition.to });
  });
  const hasAny = contents.has(ANY) || drawn.some((edge) => edge.source === ANY);
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '50',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false',
    },
    children: [],
    edges: [],
  };
  const add = (node: ElkNode, parent: string | null) => {
    elkNodes.set(node.id, node);
    const owner = (parent === null ? undefined : elkNodes.get(parent)) ?? root;
    (owner.children ??= []).push(node);
  };
  if (view.initial !== null) add({ id: START, width: 16, height: 16 }, null);
  if (hasAny) add({ id: ANY, ...size('any state', contents.get(ANY) ?? []) }, null);
  for (const state of view.states) {
    const lines = contents.get(state.id) ?? [];
    const node: ElkNode =
      state.type === 'compound'
        ? {
            id: state.id,
            layoutOptions: { 'elk.padding': `[top=${30 + lines.length * LINE},left=14,bottom=14,right=14]` },
            children: [],
          }
        : { id: state.id, ...size(state.name, lines) };
    add(node, state.parent);
  }
  const edges: ElkExtendedEdge[] = [];
  if (view.initial !== null) edges.push({ id: 'start', sources: [START], targets: [view.initial] });
  for (const { transition, index, source, target } of drawn) {
    const label = labelOf(transition);
    edges.push({
      id: `t${index}`,
      sources: [source],
      targets: [target],
      labels: [
        {
          text: label.join('\n'),
          width: Math.max(...label.map((text) => text.length)) * 6.4 + 10,
          height: label.length * 14 + 4,
        },
      ],
    });
  }
  root.edges = edges;
  const laid = await elk.layout(root);
  return { nodes: chartNodes(laid, view, contents), edges: chartEdges(laid, drawn) };
}

function chartNodes(laid: ElkNode, view: FlowView, contents: ReadonlyMap<string, ChartLine[]>): ChartNode[] {
  const states = new Map(view.states.map((state) => [state.id, state]));
  const nodes: ChartNode[] = [];
  const walk = (node: ElkNode, parent: string | null) => {
    for (const child of node.children ?? []) {
      const state = states.get(child.id) ?? null;
      nodes.push({
        id: child.id,
        kind: child.id === START ? 'start' : child.id === ANY ? 'any' : 'state',
        state,
        lines: contents.get(child.id) ?? [],
        box: { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 },
        parent,
      });
      walk(child, child.id);
    }
  };
  walk(laid, null);
  return nodes;
}

function chartEdges(
  laid: ElkNode,
  drawn: readonly { index: number; source: string; target: string; transition: ApiTransition }[],
): ChartEdge[] {
  const byId = new Map(drawn.map((edge) => [`t${edge.index}`, edge]));
  const all: ElkExtendedEdge[] = [];
  const collect = (node: ElkNode) => {
    all.push(...(node.edges ?? []));
    (node.children ?? []).forEach(collect);
  };
  collect(laid);
  return all.map((edge): ChartEdge => {
    const section = edge.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    const label = edge.labels?.[0];
    const known = byId.get(edge.id);
    return {
      id: edge.id,
      transition: known?.index ?? -1,
      source: edge.sources[0] ?? '',
      target: edge.targets[0] ?? '',
      label: known ? labelOf(known.transition) : [],
      points,
      labelBox: label ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } : null,
    };
  });
}

/** Event (or delay, with its value), then guard with its params. */
export function labelOf(transition: ApiTransition): string[] {
  const guard = guardText(transition);
  return guard ? [transition.event, guard.trim()] : [transition.event];
}

function guardText(transition: ApiTransition): string {
  const guard = transition.guard;
  if (!guard) return '';
  const params = guard.params ? Object.entries(guard.params).map(([key, value]) => `${key}=${String(value)}`) : [];
  return ` [${guard.name}${params.length ? ` ${params.join(' ')}` : ''}]`;
}

function actionText(transition: ApiTransition): string {
  return transition.actions.map((action) => action.name).join(', ') || '(nothing)';
}

function stateLines(state: ApiState): ChartLine[] {
  const lines: ChartLine[] = [];
  if (state.entry.length > 0)
    lines.push({ text: `entry: ${state.entry.map((ref) => ref.name).join(', ')}`, kind: 'entry' });
  for (const invoke of state.invokes) {
    for (const prompt of invoke.prompts) lines.push({ text: `♪ ${prompt}`, kind: 'prompt' });
    if (invoke.src !== 'playPrompts') lines.push({ text: `⚙ ${invoke.src}`, kind: 'actor' });
  }
  if (state.output) {
    const output = Object.values(state.output).map(String).join(': ');
    lines.push({ text: `ends: ${output}`, kind: 'output' });
  }
  return lines;
}

function size(name: string, lines: readonly ChartLine[]): { width: number; height: number } {
  const longest = Math.max(name.length + 2, ...lines.map((line) => line.text.length));
  return { width: Math.max(120, longest * CHAR + 24), height: 30 + lines.length * LINE + (lines.length ? 6 : 0) };
}
