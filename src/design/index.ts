export {
  flowGraph,
  type FlowGraph,
  type GraphEdge,
  type GraphState,
  type GraphInvoke,
  type NamedRef,
  type EdgeKind,
} from '../flows/flow-graph.js';
export {
  reachableStates,
  statesThatCanEnd,
  statesWaitingWithoutTimeout,
  transitionsFrom,
  settledState,
} from './reachability.js';
export { checkFlowGraph, CALL_ENDING_EVENTS } from './flow-checks.js';
export { toMermaid, edgeLabel, mermaidIds } from './mermaid.js';
export { registryReference } from './registry-reference.js';
export {
  checkAll,
  checkFiles,
  checkFlowFile,
  kindOf,
  type CheckOptions,
  type CheckReport,
  type CheckSources,
  type FileKind,
} from './check-files.js';
export { loadFlowGraph } from './load-flow-graph.js';
export { renderSvg, findChromium, ChromiumMissingError, RenderError } from './render-svg.js';
export { generatedDocs, sectionOf, updateSections, DESIGNERS_GUIDE, CONFIGURATION_DOC } from './generated-docs.js';
export { settingsTable } from './settings-table.js';
