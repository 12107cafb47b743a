export type { Bundle } from './bundle.js';
export { loadBundle, usedPromptIds, type BundleSources, type BundleOptions } from './load-bundle.js';
