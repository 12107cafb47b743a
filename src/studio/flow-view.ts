import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { checkFiles, flowGraph, type CheckSources, type GraphEdge, type NamedRef } from '../design/index.js';
import { LoadError, YamlSource, type Problem } from '../yaml/index.js';
import type { ApiProblem, ApiRef, ApiState, ApiTransition, FlowView } from './api-types.js';

/**
 * Checks a flow's text as `foyer check FILE` would check it saved, without saving it: the text is
 * written to a `flows` folder of its own under the system's temporary folder, checked by the same
 * code, and its problems are reported against the real file.
 */
export function checkFlowText(file: string, text: string, sources: CheckSources): Problem[] {
  const folder = mkdtempSync(join(tmpdir(), 'foyer-studio-'));
  try {
    const flows = join(folder, 'flows');
    mkdirSync(flows);
    const copy = join(flows, basename(file));
    writeFileSync(copy, text, 'utf8');
    return checkFiles([copy], sources).problems.map((problem) =>
      resolve(problem.file) === copy ? { ...problem, file } : problem,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A flow for the page: its text, its states and transitions with their lines, its settings and problems. */
export function flowView(
  name: string,
  file: string,
  text: string,
  problems: readonly Problem[],
  root: string,
): FlowView {
  const shown = problems.map((problem) => apiProblem(problem, root));
  const where = shownPath(file, root);
  let source: YamlSource;
  try {
    source = new YamlSource(file, text);
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    // Unreadable YAML: no chart, only the text and what is wrong with it.
    return { name, file: where, text, initial: null, states: [], transitions: [], settings: [], problems: shown };
  }
  const config = isObject(source.data) ? source.data : {};
  const graph = flowGraph(name, config);
  const states = graph.states.map((state): ApiState => {
    const body = objectAt(config, state.path);
    return {
      id: state.id,
      name: state.name,
      parent: state.parent,
      type: state.type,
      initial: state.parent === null ? state.id === graph.initial : isInitialChild(graph.states, state.id),
      line: source.keyLineOf(state.path),
      path: state.path,
      description: typeof body.description === 'string' ? body.description : null,
      entry: state.entry.map(ref),
      invokes: state.invokes.map((invoke, index) => ({
        ...invoke,
        path: Array.isArray(body.invoke) ? [...state.path, 'invoke', index] : [...state.path, 'invoke'],
      })),
      output: state.output,
    };
  });
  const settings = isObject(config.settings) ? config.settings : {};
  return {
    name,
    file: where,
    text,
    initial: graph.initial === '' ? null : graph.initial,
    states,
    transitions: graph.edges.map((edge) => transition(edge, source)),
    settings: Object.entries(settings).map(([key, value]) => ({
      name: key,
      value,
      line: source.keyLineOf(['settings', key]),
    })),
    problems: shown,
  };
}

function transition(edge: GraphEdge, source: YamlSource): ApiTransition {
  return {
    from: edge.source,
    to: edge.target,
    kind: edge.kind,
    event: label(edge),
    guard: edge.guard && ref(edge.guard),
    delay: edge.delay,
    actions: edge.actions.map(ref),
    line: source.lineOf(edge.path),
    path: edge.path,
  };
}

function label(edge: GraphEdge): string {
  switch (edge.kind) {
    case 'event':
      return edge.event ?? '';
    case 'after':
      return `after ${edge.delay?.value ?? ''}`;
    case 'always':
      return 'always';
    case 'done':
      return `done: ${edge.invoke?.src ?? ''}`;
    case 'error':
      return `error: ${edge.invoke?.src ?? ''}`;
  }
}

export function apiProblem(problem: Problem, root: string): ApiProblem {
  return {
    file: shownPath(problem.file, root),
    line: problem.line,
    message: problem.message,
    severity: problem.severity,
  };
}

/** Inside the folder the studio serves from, a path is shown relative to it (as the designer's terminal would). */
export function shownPath(file: string, root: string): string {
  const path = relative(root, resolve(file));
  return path.startsWith('..') || path === '' ? file : path;
}

function ref(named: NamedRef): ApiRef {
  return { name: named.name, params: named.params };
}

function isInitialChild(states: readonly { id: string; initial: string | null }[], id: string): boolean {
  return states.some((state) => state.initial === id);
}

function objectAt(config: Record<string, unknown>, path: readonly (string | number)[]): Record<string, unknown> {
  let node: unknown = config;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return isObject(node) ? node : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
