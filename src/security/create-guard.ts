import type { Logger, UsageLog } from '../observability/index.js';
import type { Clock } from '../time/index.js';
import { AbuseGuard, type SecurityEvent } from './abuse-guard.js';
import { MemoryAbuseStore } from './memory-abuse-store.js';
import { policyFrom, type SecuritySettings } from './policy.js';
import { RedisAbuseStore } from './redis-abuse-store.js';

export interface GuardSettings extends SecuritySettings {
  /** Redis shared by several Foyer processes; empty: this process's memory. */
  readonly redisUrl: string;
}

export interface GuardWiring {
  /** Wall-clock time (shared stores compare the times of several processes). */
  readonly clock: Clock;
  readonly logger: Logger;
  readonly usage?: UsageLog;
  readonly observer?: (event: SecurityEvent) => void;
}

/** The guard the settings describe: their policy over Redis (FOYER_REDIS_URL) or memory. Throws on a bad setting. */
export function createGuard(settings: GuardSettings, wiring: GuardWiring): AbuseGuard {
  const policy = policyFrom(settings);
  const store = settings.redisUrl ? new RedisAbuseStore({ url: settings.redisUrl }) : new MemoryAbuseStore();
  return new AbuseGuard({ store, policy, ...wiring });
}
