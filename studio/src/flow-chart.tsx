// The flow as a statechart: React Flow draws (zoom, pan, click) what layout.ts placed. Every state
// carries data-flow and data-state, the active ones data-active; every transition data-from,
// data-to and data-event: the hooks tests and tools drive the page by (docs/studio.md).
import {
  BaseEdge,
  Background,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import type { FlowView } from './api.js';
import { ANY, START, layoutFlow, type Chart, type ChartEdge, type ChartNode } from './layout.js';

/** What is selected on the chart: a state by id, or a transition by index. */
export type Selection = { readonly state: string } | { readonly transition: number } | null;

interface ChartProps {
  readonly view: FlowView;
  /** Active states (the call's or the replay's), leaf and ancestors. */
  readonly active: ReadonlySet<string>;
  readonly selection: Selection;
  readonly onSelect: (selection: Selection) => void;
}

type StateData = {
  chart: ChartNode;
  flow: string;
  active: boolean;
  selected: boolean;
  problems: string[];
  selectedTransition: number | null;
  onSelect: (selection: Selection) => void;
};
type EdgeData = {
  chart: ChartEdge;
  flow: string;
  from: string;
  to: string;
  event: string;
  selected: boolean;
  onSelect: (selection: Selection) => void;
};

export function FlowChart({ view, active, selection, onSelect }: ChartProps) {
  const [chart, setChart] = useState<Chart | null>(null);
  const structure = useMemo(
    () =>
      JSON.stringify([
        view.initial,
        view.states,
        view.transitions.map((t) => [t.from, t.to, t.event, t.guard, t.actions]),
      ]),
    [view],
  );
  useEffect(() => {
    let current = true;
    void layoutFlow(view).then((laid) => current && setChart(laid));
    return () => {
      current = false;
    };
    // Laid out again only when what is drawn changes, not on every keystroke.
  }, [structure]);

  const problemsByState = useMemo(() => statesWithProblems(view), [view]);
  const selectedState = selection && 'state' in selection ? selection.state : null;
  const selectedTransition = selection && 'transition' in selection ? selection.transition : null;
  const nodes = useMemo<Node<StateData>[]>(
    () =>
      (chart?.nodes ?? []).map((node) => ({
        id: node.id,
        type: node.kind,
        position: { x: node.box.x, y: node.box.y },
        ...(node.parent !== null && { parentId: node.parent }),
        style: { width: node.box.width, height: node.box.height },
        data: {
          chart: node,
          flow: view.name,
          active: active.has(node.id),
          selected: selectedState === node.id,
          problems: problemsByState.get(node.id) ?? [],
          selectedTransition,
          onSelect,
        },
        draggable: false,
        selectable: false,
      })),
    [chart, view.name, active, selectedState, selectedTransition, problemsByState, onSelect],
  );
  const edges = useMemo<Edge<EdgeData>[]>(
    () =>
      (chart?.edges ?? []).map((edge) => {
        const transition = view.transitions[edge.transition];
        return {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          type: 'routed',
          zIndex: 10,
          markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
          data: {
            chart: edge,
            flow: view.name,
            from: edge.source === ANY ? '*' : edge.source === START ? '' : edge.source,
            to: edge.target,
            event: transition?.event ?? 'start',
            selected: selectedTransition === edge.transition && edge.transition >= 0,
            onSelect,
          },
        };
      }),
    [chart, view, selectedTransition, onSelect],
  );
  if (!chart)
    return (
      <div className="chart-empty">{view.states.length ? 'Laying out…' : 'Nothing to draw: see the problems.'}</div>
    );
  return (
    <ReactFlow
      key={view.name}
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      edgeTypes={EDGE_TYPES}
      fitView
      minZoom={0.1}
      maxZoom={2}
      nodesConnectable={false}
      elementsSelectable={false}
      proOptions={{ hideAttribution: true }}
      onPaneClick={() => onSelect(null)}
      onNodeClick={(_event, node) => node.type === 'state' && onSelect({ state: node.id })}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

function StateNode({ data }: NodeProps<Node<StateData>>) {
  const { chart, flow, active, selected, problems } = data;
  const state = chart.state;
  if (!state) return null;
  const classes = ['state', state.type, active && 'active', selected && 'selected', problems.length && 'has-problem'];
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-flow={flow}
      data-state={state.id}
      {...(active && { 'data-active': 'true' })}
      title={state.description ?? undefined}
    >
      <Handle type="target" position={Position.Top} className="handle" />
      <div className="state-name">
        {state.initial && state.parent !== null ? '▸ ' : ''}
        {state.name}
      </div>
      <Lines data={data} from={state.id} />
      {problems.length > 0 && (
        <div className="state-problem" data-problem={problems[0]} title={problems.join('\n')}>
          ⚠ {problems.length}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} className="handle" />
    </div>
  );
}

function Lines({ data, from }: { data: StateData; from: string }) {
  return (
    <>
      {data.chart.lines.map((line, index) =>
        line.kind === 'internal' ? (
          <div
            key={index}
            className={`line internal${data.selectedTransition === line.transition ? ' selected' : ''}`}
            data-from={from}
            data-to=""
            data-event={line.text.split(/[ /[]/)[0]}
            onClick={(event) => {
              event.stopPropagation();
              data.onSelect({ transition: line.transition ?? -1 });
            }}
          >
            {line.text}
          </div>
        ) : (
          <div key={index} className={`line ${line.kind}`}>
            {line.text}
          </div>
        ),
      )}
    </>
  );
}

function AnyNode({ data }: NodeProps<Node<StateData>>) {
  return (
    <div
      className="state any"
      data-flow={data.flow}
      title="Transitions declared at the top of the flow: they apply in every state"
    >
      <div className="state-name">any state</div>
      <Lines data={data} from="*" />
      <Handle type="source" position={Position.Bottom} className="handle" />
    </div>
  );
}

function StartNode() {
  return (
    <div className="start-dot" title="Where the flow starts">
      <Handle type="source" position={Position.Bottom} className="handle" />
    </div>
  );
}

function RoutedEdge({ id, data, markerEnd }: EdgeProps<Edge<EdgeData>>) {
  if (!data) return null;
  const { chart, selected } = data;
  const path = roundedPath(chart.points);
  const box = chart.labelBox;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        interactionWidth={0}
        className={selected ? 'edge selected' : 'edge'}
        {...(markerEnd !== undefined && { markerEnd })}
      />
      {box && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label nopan${selected ? ' selected' : ''}`}
            style={{ transform: `translate(${box.x}px, ${box.y}px)`, width: box.width, minHeight: box.height }}
            data-from={data.from}
            data-to={data.to}
            data-event={data.event}
            onClick={(event) => {
              event.stopPropagation();
              data.onSelect({ transition: chart.transition });
            }}
          >
            {chart.label.map((text, index) => (
              <div key={index} className={index === 0 ? 'event' : 'guard'}>
                {text}
              </div>
            ))}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** An orthogonal route with its corners rounded. */
function roundedPath(points: readonly { x: number; y: number }[]): string {
  const [first] = points;
  if (!first) return '';
  const parts = [`M ${first.x} ${first.y}`];
  for (let index = 1; index < points.length; index += 1) {
    const previous = points[index - 1] ?? first;
    const point = points[index] ?? first;
    const next = points[index + 1];
    if (!next) {
      parts.push(`L ${point.x} ${point.y}`);
      break;
    }
    const radius = Math.min(8, distance(previous, point) / 2, distance(point, next) / 2);
    const before = toward(point, previous, radius);
    const after = toward(point, next, radius);
    parts.push(`L ${before.x} ${before.y}`, `Q ${point.x} ${point.y} ${after.x} ${after.y}`);
  }
  return parts.join(' ');
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function toward(from: { x: number; y: number }, to: { x: number; y: number }, length: number) {
  const total = distance(from, to) || 1;
  return { x: from.x + ((to.x - from.x) * length) / total, y: from.y + ((to.y - from.y) * length) / total };
}

/** Each problem goes on the state whose lines hold it (the last state starting at or before its line). */
function statesWithProblems(view: FlowView): Map<string, string[]> {
  const byLine = [...view.states].sort((a, b) => a.line - b.line);
  const found = new Map<string, string[]>();
  for (const problem of view.problems) {
    const state = byLine.filter((candidate) => candidate.line <= problem.line).at(-1);
    if (!state || problem.line <= 0) continue;
    found.set(state.id, [...(found.get(state.id) ?? []), `${problem.file}:${problem.line}: ${problem.message}`]);
  }
  return found;
}

const NODE_TYPES = { state: StateNode, any: AnyNode, start: StartNode };
const EDGE_TYPES = { routed: RoutedEdge };
