export type { Bundle } from './bundle.js';
export { loadBundle, withServicesFrom, type BundleSources } from './load-bundle.js';
export { checkReferences, type KnownNames, type ReferenceFolders } from './check-references.js';
