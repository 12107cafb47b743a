export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.js';
export { startHealthServer, type HealthReport, type JsonReply, type Routes } from './health-server.js';
export { MemoryUsageLog, StreamUsageLog, noUsageLog, usageLogFor, type UsageLog, type UsageRecord } from './usage-log.js';
