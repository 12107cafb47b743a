import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Room } from '../../src/directory/index.js';
import { MemoryUsageLog, silentLogger, startHealthServer } from '../../src/observability/index.js';
import {
  AbuseGuard,
  DEFAULT_POLICY,
  MemoryAbuseStore,
  RedisAbuseStore,
  blockRoutes,
  type AbuseStore,
} from '../../src/security/index.js';
import { wallClock } from '../../src/time/index.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { startTestRedis } from '../helpers/redis-server.js';

const redis = await startTestRedis();
afterAll(() => redis?.stop());

const room: Room = { name: 'Host only', type: 'vmr', aliases: ['1002'], hostPin: '1234', allowGuests: false };

/** A guard on the wall clock with one source and one room blocked. */
async function blockedGuard(store: AbuseStore) {
  const usage = new MemoryUsageLog();
  const guard = new AbuseGuard({ store, policy: DEFAULT_POLICY, clock: wallClock, logger: silentLogger, usage });
  const wrong = { good: false, empty: false, refused: false };
  for (let i = 0; i < 11; i++) await guard.pinJudged(room, guard.sourceOf({ address: '198.51.100.7' }), wrong, `c${i}`);
  for (let i = 1; i <= 10; i++)
    await guard.pinJudged(room, guard.sourceOf({ address: `203.0.113.${i}` }), wrong, `d${i}`);
  return { guard, usage };
}

describe('foyer blocks through the running Foyer (loopback HTTP)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  async function serve() {
    const { guard, usage } = await blockedGuard(new MemoryAbuseStore());
    server = await startHealthServer(
      0,
      '127.0.0.1',
      () => ({ ok: true }),
      silentLogger,
      blockRoutes(guard, () => wallClock.now()),
    );
    const port = String((server.address() as AddressInfo).port);
    return { guard, usage, port, base: `http://127.0.0.1:${port}` };
  }

  it('lists the blocks in force, and lifts one (the running Foyer logs the unblock)', async () => {
    const { port, usage } = await serve();
    const list = await runCli('blocks', '--http-port', port, '--json');
    expect(list.code).toBe(0);
    expect(jsonLines(list.stdout)[0]).toEqual([
      expect.objectContaining({ kind: 'source', subject: '198.51.100.7', reason: 'pin_guessing', seconds_left: 600 }),
      expect.objectContaining({ kind: 'room', subject: 'Host only', reason: 'pin_guessing' }),
    ]);
    const text = await runCli('blocks', '--http-port', port);
    expect(text.stdout).toMatch(/^source\s+198\.51\.100\.7\s+pin_guessing\s+until \S+\s+10 min left\nroom\s+Host only/);

    const lift = await runCli('blocks', 'lift', '--room', 'Host only', '--http-port', port);
    expect(lift.code).toBe(0);
    expect(lift.stdout).toMatch(/^lifted: room Host only/);
    expect(usage.records.filter((record) => record.type === 'unblock')).toEqual([
      expect.objectContaining({ kind: 'room', subject: 'Host only', reason: 'lifted' }),
    ]);
    expect(jsonLines((await runCli('blocks', '--http-port', port, '--json')).stdout)[0]).toHaveLength(1);
    expect(await runCli('blocks', 'lift', '--room', 'Host only', '--http-port', port)).toMatchObject({
      code: 1,
      stdout: 'no block in force for room Host only\n',
    });
  });

  it('the lift route takes JSON only, so a web page cannot post a form to it', async () => {
    const { base } = await serve();
    const form = await fetch(`${base}/blocks/lift`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'kind=source&subject=198.51.100.7',
    });
    expect(form.status).toBe(415);
    const bad = await fetch(`${base}/blocks/lift`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"network"}',
    });
    expect(bad.status).toBe(400);
    expect((await (await fetch(`${base}/blocks`)).json()) as unknown).toMatchObject({
      store: 'memory',
      blocks: [{}, {}],
    });
  });

  it('says what to do when no Foyer answers', async () => {
    const run = await runCli('blocks', '--http-port', '59998');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot reach Foyer at http://127.0.0.1:59998');
  });

  it('lift needs exactly one of --source and --room', async () => {
    expect((await runCli('blocks', 'lift')).code).toBe(2);
    expect((await runCli('blocks', 'lift', '--source', 'a', '--room', 'b')).code).toBe(2);
  });
});

describe.skipIf(!redis)('foyer blocks straight to Redis (FOYER_REDIS_URL)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('lists and lifts what every Foyer process sharing the Redis sees', async () => {
    const { guard } = await blockedGuard(new RedisAbuseStore({ url: redis!.url }));
    vi.stubEnv('FOYER_REDIS_URL', redis!.url);
    const list = await runCli('blocks', '--json');
    expect(list.code).toBe(0);
    expect(jsonLines(list.stdout)[0]).toHaveLength(2);
    expect((await runCli('blocks', 'lift', '--source', '198.51.100.7')).stdout).toMatch(
      /^lifted: source 198\.51\.100\.7/,
    );
    expect((await guard.blocks()).map((block) => block.kind)).toEqual(['room']);
    await guard.close();
  });
});
