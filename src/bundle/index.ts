export type { Bundle } from './bundle.js';
export { loadBundle, type BundleSources } from './load-bundle.js';
