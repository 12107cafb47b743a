export type { Backend, BackendContext } from './backend.js';
export { freeswitchBackend } from './freeswitch-backend.js';
export { embeddedBackend } from './embedded-backend.js';
