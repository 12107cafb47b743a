import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { subjectKey, type AbuseStore, type BlockRecord, type BlockSubject, type PlaceResult } from './abuse-store.js';

export interface RedisStoreOptions {
  /** `redis://host:port/db` (FOYER_REDIS_URL). */
  readonly url: string;
  /** Prefix of every key, so several deployments (or tests) can share one Redis. */
  readonly prefix?: string;
  /** How long one command may take before the guard gives up on it (and lets the call through). */
  readonly commandTimeoutMs?: number;
}

/** Places a block unless one is in force; reports an ended block nobody has reported yet. */
const PLACE = `
local current = redis.call('GET', KEYS[1])
if current and tonumber(cjson.decode(current)['until']) > tonumber(ARGV[2]) then return {0, current, false} end
local ended = false
if current and redis.call('ZSCORE', KEYS[2], ARGV[4]) then ended = current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return {1, ARGV[1], ended}`;

/**
 * Hands out ended blocks once: removing a subject from the index claims it. The records are read
 * by key names built here (a single Redis, not a cluster, is what this store is for).
 */
const TAKE_ENDED = `
local out = {}
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
  redis.call('ZREM', KEYS[1], member)
  local record = redis.call('GET', ARGV[2] .. member)
  if record then table.insert(out, record) end
end
return out`;

const DAY = 86_400_000;

/**
 * The shared abuse store: counters are sorted sets of hit times, blocks JSON values with an index
 * of their ends, exemptions a hash per room. Times come from the callers' clocks; key expiry
 * (PEXPIRE, PX) only cleans up what no rule will read again.
 */
export class RedisAbuseStore implements AbuseStore {
  readonly kind = 'redis';
  private readonly redis: Redis;
  private readonly prefix: string;
  private sequence = 0;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.prefix ?? 'foyer:abuse:';
    this.redis = new Redis(options.url, {
      // A call must not wait for a Redis that is away: fail fast, and the guard lets the call through.
      commandTimeout: options.commandTimeoutMs ?? 1000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      lazyConnect: false,
    });
    // Without a listener ioredis reports connection errors on the console; the guard logs failed commands.
    this.redis.on('error', () => undefined);
  }

  async hit(key: string, now: number, windowMs: number): Promise<number> {
    const counter = `${this.prefix}count:${key}`;
    const member = `${now}:${++this.sequence}:${randomBytes(4).toString('hex')}`;
    const results = await this.redis
      .multi()
      .zremrangebyscore(counter, '-inf', now - windowMs)
      .zadd(counter, now, member)
      .zcard(counter)
      .pexpire(counter, windowMs + DAY)
      .exec();
    const [error, count] = results?.[2] ?? [new Error('the transaction was discarded'), 0];
    if (error) throw error;
    return Number(count);
  }

  async block(subject: BlockSubject): Promise<BlockRecord | undefined> {
    return parse(await this.redis.get(this.blockKey(subject)));
  }

  async place(block: BlockRecord, now: number, keepMs: number): Promise<PlaceResult> {
    const keep = Math.max(1, block.until - now + keepMs);
    const reply = (await this.redis.eval(
      PLACE,
      2,
      this.blockKey(block),
      this.indexKey,
      JSON.stringify(block),
      now,
      block.until,
      subjectKey(block),
      keep,
    )) as [number, string, string | null];
    const current = parse(reply[1]);
    const ended = parse(reply[2]);
    // The script always answers with the block in force; anything else is a broken store.
    if (!current) throw new Error(`Redis answered a block placement without the block in force (${subjectKey(block)})`);
    return { placed: reply[0] === 1, current, ...(ended && { ended }) };
  }

  async activeBlocks(now: number): Promise<BlockRecord[]> {
    const subjects = await this.redis.zrangebyscore(this.indexKey, `(${now}`, '+inf');
    if (subjects.length === 0) return [];
    const values = await this.redis.mget(subjects.map((subject) => `${this.prefix}block:${subject}`));
    return values
      .map(parse)
      .filter((block): block is BlockRecord => block !== undefined && block.until > now)
      .sort((a, b) => a.since - b.since);
  }

  async lift(subject: BlockSubject, now: number, counters: readonly string[]): Promise<BlockRecord | undefined> {
    const key = this.blockKey(subject);
    const results = await this.redis
      .multi()
      .get(key)
      .del(key, ...counters.map((counter) => `${this.prefix}count:${counter}`))
      .zrem(this.indexKey, subjectKey(subject))
      .exec();
    const block = parse((results?.[0]?.[1] as string | null | undefined) ?? null);
    return block && block.until > now ? block : undefined;
  }

  async takeEnded(now: number): Promise<BlockRecord[]> {
    const records = (await this.redis.eval(TAKE_ENDED, 1, this.indexKey, now, `${this.prefix}block:`)) as string[];
    return records
      .map(parse)
      .filter((block): block is BlockRecord => block !== undefined)
      .sort((a, b) => a.until - b.until);
  }

  async exempt(room: string, source: string, now: number, keepMs: number): Promise<void> {
    const key = `${this.prefix}exempt:${room}`;
    await this.redis
      .multi()
      .hset(key, source, now)
      .pexpire(key, keepMs + DAY)
      .exec();
  }

  async exemptSince(room: string, source: string): Promise<number | undefined> {
    const at = await this.redis.hget(`${this.prefix}exempt:${room}`, source);
    return at === null ? undefined : Number(at);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private get indexKey(): string {
    return `${this.prefix}blocks`;
  }

  private blockKey(subject: BlockSubject): string {
    return `${this.prefix}block:${subjectKey(subject)}`;
  }
}

function parse(value: string | null | undefined): BlockRecord | undefined {
  return value ? (JSON.parse(value) as BlockRecord) : undefined;
}
