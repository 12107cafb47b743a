export type { AbuseStore, BlockKind, BlockReason, BlockRecord, BlockSubject, PlaceResult } from './abuse-store.js';
export { subjectKey } from './abuse-store.js';
export { MemoryAbuseStore } from './memory-abuse-store.js';
export { RedisAbuseStore, type RedisStoreOptions } from './redis-abuse-store.js';
export { AbuseGuard, type GuardOptions, type PinRefusal, type Refusal, type SecurityEvent } from './abuse-guard.js';
export { resolveSource, identityIn, type CallerSource, type SourceRequest } from './caller-source.js';
export {
  DEFAULT_POLICY,
  DEFAULT_SCANNER_AGENTS,
  isScannerAgent,
  policyFrom,
  type BlockResponse,
  type SecurityPolicy,
  type SecuritySettings,
} from './policy.js';
export { Networks } from './networks.js';
export { createGuard, type GuardSettings, type GuardWiring } from './create-guard.js';
export { blockRoutes, blockView, liftRequest, type BlockView } from './block-routes.js';
