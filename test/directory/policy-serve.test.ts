import type { Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PolicyConnection,
  routeEntry,
  StaticDirectory,
  policyRoutes,
  type Reception,
  type Room,
} from '../../src/directory/index.js';
import { silentLogger, startHealthServer, type Routes } from '../../src/observability/index.js';
import { testBundle } from '../helpers/bundle.js';
import { capturedLogger } from '../helpers/captured-log.js';
import { skipNotice } from '../helpers/skip-notice.js';

/** expect's asymmetric matchers, typed as the strings they stand for. */
const containing = (text: string) => expect.stringContaining(text) as string;

const files = testBundle().directory;
const credentials = { username: 'peer', password: 'correct horse' };
const nothing = new StaticDirectory([]);

let http: Server | undefined;
const connections: PolicyConnection[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) await connection.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = undefined;
});

async function serve(host = '127.0.0.1', extra: Routes = {}): Promise<number> {
  http = await startHealthServer(0, host, () => ({ ok: true }), silentLogger, {
    ...policyRoutes(() => files, credentials),
    ...extra,
  });
  return (http.address() as AddressInfo).port;
}

function client(url: string, auth?: { username: string; password: string }) {
  const log = capturedLogger();
  const connection = new PolicyConnection({ url, logger: log.logger, participants: true, ...auth });
  connections.push(connection);
  return { directory: connection.directory(nothing), connection, log };
}

describe("Foyer serves its own services as Pexip's policy API", () => {
  it('a Foyer client that authenticates reaches the same rooms, with the same PIN rules, directly and from a reception', async () => {
    const port = await serve();
    const { directory, connection } = client(`http://127.0.0.1:${port}`, credentials);
    for (const alias of ['1001', 'meet.hg@example.com', '2000', '1005']) {
      const served = (await directory.lookup(alias)) as Room;
      const own = (await files.lookup(alias)) as Room;
      expect(served).toEqual({ ...own, aliases: [alias] });
    }
    expect(await directory.lookup('7777')).toBeUndefined();
    const reception = (await directory.lookup('8001')) as Reception;
    expect(reception).toMatchObject({ name: 'Prefix reception', type: 'reception' });
    expect(await routeEntry(directory, reception, '4242', 'example.com')).toMatchObject({
      room: { name: 'Meet room' },
    });
    expect(await routeEntry(directory, reception, '42', 'example.com')).toEqual({ invalid: 'no_match' });
    const room = (await directory.lookup('1001')) as Room;
    expect(await connection.participantPolicy()!.decide(room, '1001', {})).toEqual({ action: 'continue' });
  });

  it('a loopback client that does not authenticate gets no PINs, and a Foyer client refuses such a room', async () => {
    const port = await serve();
    const response = await fetch(`http://127.0.0.1:${port}/policy/v1/service/configuration?local_alias=1001`);
    const body = (await response.json()) as { result: Record<string, unknown> };
    expect(body.result).toMatchObject({ name: 'Host and guest', foyer: { pins_withheld: true } });
    expect(JSON.stringify(body)).not.toMatch(/1234|5678/);
    const { directory, log } = client(`http://127.0.0.1:${port}`);
    expect(await directory.lookup('1001')).toBeUndefined(); // fell back to an empty services file
    expect(log.lines().find((line) => line.event === 'policy_failed')).toMatchObject({ cause: 'invalid_answer' });
    expect(await directory.lookup('1000')).toMatchObject({ name: 'Open room' }); // no PIN: nothing withheld
  });

  it('wrong credentials are refused (401) even on loopback; local_alias is required', async () => {
    const port = await serve();
    const { directory, log } = client(`http://127.0.0.1:${port}`, { username: 'peer', password: 'wrong' });
    expect(await directory.lookup('1001')).toBeUndefined();
    expect(log.lines().find((line) => line.event === 'policy_failed')).toMatchObject({
      cause: 'http_status',
      problem: containing('HTTP 401'),
    });
    expect((await fetch(`http://127.0.0.1:${port}/policy/v1/service/configuration`)).status).toBe(400);
  });

  const outside = Object.values(networkInterfaces())
    .flat()
    .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
  if (!outside) skipNotice('policy serve beyond loopback', 'this machine has no IPv4 address besides loopback');

  it.skipIf(!outside)(
    'beyond loopback: basic authentication or nothing; operator routes stay loopback-only',
    async () => {
      const port = await serve('0.0.0.0', {
        'POST /reload': () => Promise.resolve({ status: 200, body: { ok: true } }),
      });
      const base = `http://${outside!}:${port}`;
      const anonymous = await fetch(`${base}/policy/v1/service/configuration?local_alias=1001`);
      expect(anonymous.status).toBe(401);
      const { directory } = client(base, credentials);
      expect(await directory.lookup('1001')).toMatchObject({ hostPin: '1234', guestPin: '5678' });
      const reload = await fetch(`${base}/reload`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      expect(reload.status).toBe(403);
      const local = await fetch(`http://127.0.0.1:${port}/reload`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      expect(local.status).toBe(200);
    },
  );
});
