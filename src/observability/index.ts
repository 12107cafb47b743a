export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.js';
export { startHealthServer, type HealthReport, type HttpRoutes, type ReloadReport } from './health-server.js';
export { MemoryUsageLog, StreamUsageLog, noUsageLog, usageLogFor, type UsageLog, type UsageRecord } from './usage-log.js';
export { Resources, processResources, RESOURCE_KINDS, type ResourceKind, type ResourceCounts, type Release } from './resources.js';
export { countedClock } from './counted-clock.js';
