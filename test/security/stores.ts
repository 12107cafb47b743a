import { randomUUID } from 'node:crypto';
import { MemoryAbuseStore, RedisAbuseStore, type AbuseStore } from '../../src/security/index.js';
import type { TestRedis } from '../helpers/redis-server.js';

/** A way to make stores that share state (as several Foyer processes share one Redis). */
export interface StoreKind {
  readonly name: string;
  readonly available: boolean;
  /** Stores over one shared state: a new one per test, and `another()` for a second process. */
  readonly open: () => { store: AbuseStore; another: () => AbuseStore };
}

/** The in-memory store and, where the test redis-server runs, the Redis store. */
export function storeKinds(redis: TestRedis | undefined): StoreKind[] {
  return [
    {
      name: 'memory',
      available: true,
      open: () => {
        const store = new MemoryAbuseStore();
        return { store, another: () => store };
      },
    },
    {
      name: 'redis',
      available: redis !== undefined,
      open: () => {
        const prefix = `test:${randomUUID()}:`;
        return {
          store: new RedisAbuseStore({ url: redis!.url, prefix }),
          another: () => new RedisAbuseStore({ url: redis!.url, prefix }),
        };
      },
    },
  ];
}
