export type { Bundle } from './bundle.js';
export { loadBundle, withServicesFrom, type BundleSources } from './load-bundle.js';
export { checkReferences, type KnownNames, type ReferenceFolders } from './check-references.js';
export { BundleSource, type BundleSourceOptions, type ReloadResult } from './bundle-source.js';
export { fsWatchFiles, type Watched, type WatchFiles } from './watch-files.js';
export { withPolicy } from './with-policy.js';
