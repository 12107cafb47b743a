import { basename, extname } from 'node:path';
import { validateFlow } from '../flows/index.js';
import { LoadError, YamlSource } from '../yaml/index.js';
import { flowGraph, type FlowGraph } from '../flows/flow-graph.js';

/**
 * Reads a flow file and builds its graph. Throws LoadError when the flow has errors (a broken
 * flow has no chart worth drawing); prompt ids are not checked, a chart does not need them.
 */
export function loadFlowGraph(file: string): FlowGraph {
  const source = YamlSource.read(file);
  const name = basename(file, extname(file));
  const problems = validateFlow(source, name, { hasPrompt: () => true, promptsWhere: '' });
  if (problems.some((problem) => problem.severity === 'error')) throw new LoadError(problems);
  return flowGraph(name, source.data as Record<string, unknown>);
}
