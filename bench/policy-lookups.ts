/**
 * `node --import tsx bench/policy-lookups.ts [lookups] [concurrency]`: directory lookups through a
 * policy server on this machine (a Node HTTP server in this process answering a conference), as
 * ratios against a bare undici GET of the same answer over the same kind of pool. The difference
 * is what Foyer adds: building the query, reading and checking the answer, failure handling.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { PolicyConnection, StaticDirectory, type Directory } from '../src/directory/index.js';
import { silentLogger } from '../src/observability/index.js';

const lookups = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 20);

const answer = JSON.stringify({
  status: 'success',
  action: 'continue',
  result: {
    service_type: 'conference',
    name: 'Alice',
    service_tag: 'a',
    pin: '918273',
    guest_pin: '564738',
    allow_guests: true,
  },
});
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(answer);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Runs `lookups` calls of `one`, `concurrency` at a time; returns lookups per second. */
async function rate(one: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < lookups) await one(next++);
    }),
  );
  return lookups / ((performance.now() - started) / 1000);
}

const pool = new Pool(url, { connections: concurrency });
const bare = async () => {
  const response = await pool.request({
    path: '/policy/v1/service/configuration?local_alias=meet.alice',
    method: 'GET',
  });
  JSON.parse(await response.body.text());
};
const local = new StaticDirectory([]);
const uncached = new PolicyConnection({ url, logger: silentLogger, maxInFlight: concurrency });
const cached = new PolicyConnection({ url, logger: silentLogger, maxInFlight: concurrency, cacheMs: 10_000 });
const through = (directory: Directory) => (index: number) =>
  directory.lookup('sip:meet.alice@example.com', undefined, { remoteAlias: `sip:caller${index}@example.com` });

await rate(bare); // warm up connections and the JIT
const baseline = await rate(bare);
const policy = await rate(through(uncached.directory(local)));
const cache = await rate(through(cached.directory(local)));
const row = (name: string, perSecond: number) =>
  `${name.padEnd(34)} ${perSecond.toFixed(0).padStart(8)} lookups/s   ${(baseline / perSecond).toFixed(2)} x the baseline's time`;
process.stdout.write(`${lookups} lookups, ${concurrency} at a time, Node ${process.version}\n`);
process.stdout.write(`${row('bare undici GET + JSON.parse', baseline)}\n`);
process.stdout.write(`${row('PolicyDirectory (no cache)', policy)}\n`);
process.stdout.write(`${row('PolicyDirectory (policy.cache 10s)', cache)}\n`);
await Promise.all([pool.close(), uncached.close(), cached.close()]);
server.close();
