export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.js';
export { surviveUnhandledRejections } from './unhandled-rejections.js';
export { UsageLogError } from './usage-log-error.js';
export { HttpPortError } from './http-port-error.js';
export {
  startHealthServer,
  isLoopback,
  type HealthReport,
  type RouteHandler,
  type RouteRequest,
  type JsonReply,
  type Routes,
  type MetricsSource,
} from './health-server.js';
export {
  MemoryUsageLog,
  StreamUsageLog,
  noUsageLog,
  usageLogFor,
  type StreamUsageLogOptions,
  type UsageLog,
  type UsageRecord,
} from './usage-log.js';
export {
  Metrics,
  type MetricsOptions,
  type ConferenceCounts,
  type ServerState,
  type PinResult,
  type BlockScope,
} from './metrics.js';
export {
  Resources,
  processResources,
  RESOURCE_KINDS,
  type ResourceKind,
  type ResourceCounts,
  type Release,
} from './resources.js';
export { countedClock } from './counted-clock.js';
export { PolicyMetrics, type PolicyServerView } from './policy-metrics.js';
export { MediaMoveMetrics, type MediaMoveResult } from './media-move-metrics.js';
