export { startStudioServer, type StudioServerOptions, type RunningStudio } from './studio-server.js';
export { bundlePage, type PageAssets } from './page-bundle.js';
export { FlowFiles } from './flow-files.js';
export { checkFlowText, flowView } from './flow-view.js';
export { Pacer } from './pacer.js';
export type * from './api-types.js';
