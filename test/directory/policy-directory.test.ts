import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { withPolicy } from '../../src/bundle/index.js';
import {
  PolicyConnection,
  PolicyLookupError,
  routeEntry,
  type Directory,
  type PolicyOptions,
  type Reception,
} from '../../src/directory/index.js';
import { Metrics, PolicyMetrics } from '../../src/observability/index.js';
import { SimulatedClock } from '../../src/time/index.js';
import { testBundle } from '../helpers/bundle.js';
import { capturedLogger } from '../helpers/captured-log.js';
import { closedPort, continueWith, json, startPolicyServer, type PolicyServer } from '../helpers/policy-server.js';

/** PINs the policy server hands out: none may show in a log line, a metric or an error. */
const PINS = ['918273', '564738', '13579', '24680'];

const ROOMS: Record<string, Record<string, unknown>> = {
  'meet.alice': {
    service_type: 'conference',
    name: 'Alice',
    service_tag: 'alice',
    pin: PINS[0],
    guest_pin: PINS[1],
    allow_guests: true,
  },
  'meet.hall': { service_type: 'lecture', name: 'Big hall', pin: PINS[2] },
  desk: { service_type: 'two_stage_dialing', name: 'Desk', match_string: '(\\d{4})', replace_string: 'meet.\\1' },
  'meet.4321': { service_type: 'conference', name: 'Room 4321', pin: PINS[3] },
  teams: { service_type: 'gateway', name: 'Teams', remote_alias: 'sip:x@teams.example.com' },
};

/** A policy server that knows ROOMS (by the user part of local_alias) and rejects the rest. */
function knowsRooms(_request: unknown, res: ServerResponse, local: string | null): void {
  const user = (local ?? '').replace(/^sips?:/, '').split('@')[0]!;
  const room = ROOMS[user];
  json(res, room ? continueWith(room) : { status: 'success', action: 'reject' });
}

const bundle = testBundle();
let server: PolicyServer | undefined;
let connection: PolicyConnection | undefined;
afterEach(async () => {
  await connection?.close();
  await server?.close();
  server = connection = undefined;
});

async function setUp(options: Partial<PolicyOptions> = {}) {
  server ??= await startPolicyServer((request, res) => knowsRooms(request, res, request.query.get('local_alias')));
  const log = capturedLogger();
  const metrics = new Metrics({ processMetrics: false });
  const policyMetrics = new PolicyMetrics(metrics.registry);
  connection = new PolicyConnection({ url: server.url, logger: log.logger, observer: policyMetrics, ...options });
  policyMetrics.watch(() => connection?.status());
  const directory: Directory = withPolicy(bundle, connection).directory;
  return { directory, log, metrics, server, connection };
}

describe('a directory with a policy server in front of the services file', () => {
  it("reaches rooms the server knows and the file does not, with the server's PIN rules", async () => {
    const { directory } = await setUp();
    expect(await directory.lookup('sip:meet.alice@example.com')).toMatchObject({
      name: 'Alice',
      type: 'vmr',
      hostPin: PINS[0],
      guestPin: PINS[1],
      serviceTag: 'alice',
    });
    expect(await directory.lookup('meet.hall')).toMatchObject({ name: 'Big hall', type: 'auditorium' });
    expect(await directory.lookup('desk')).toMatchObject({ name: 'Desk', type: 'reception' });
    expect(directory.services().map((service) => service.name)).toEqual(
      expect.arrayContaining(['Reception', 'Alice', 'Big hall', 'Desk']),
    );
  });

  it("sends Pexip's parameters: the dialled alias, who calls, and what triggered the request", async () => {
    const { directory, server } = await setUp({ version: '0.1.0' });
    await directory.lookup('sip:Meet.Alice@Example.com:5060;transport=tcp', undefined, {
      remoteAlias: 'sip:bob@example.org',
      remoteDisplayName: 'Bob',
      remoteAddress: '192.0.2.7',
      remotePort: 5062,
      vendor: 'Cisco/CE',
      trigger: 'invite',
    });
    expect(Object.fromEntries(server.requests[0]!.query)).toEqual({
      protocol: 'sip',
      call_direction: 'dial_in',
      local_alias: 'sip:meet.alice@example.com',
      remote_alias: 'sip:bob@example.org',
      remote_display_name: 'Bob',
      remote_address: '192.0.2.7',
      remote_port: '5062',
      vendor: 'Cisco/CE',
      registered: 'False',
      trigger: 'invite',
      version_id: '0.1.0',
    });
  });

  it('a reception reaches every room the server knows: the entry is looked up as local_alias', async () => {
    const { directory, server } = await setUp();
    const desk = (await directory.lookup('desk')) as Reception;
    expect(await routeEntry(directory, desk, '4321', 'example.com')).toMatchObject({ room: { name: 'Room 4321' } });
    expect(server.requests.at(-1)!.query.get('local_alias')).toBe('meet.4321@example.com');
    expect(server.requests.at(-1)!.query.get('trigger')).toBe('two_stage_dialing');
    expect(await routeEntry(directory, desk, '12', 'example.com')).toEqual({ invalid: 'no_match' });
    expect(await routeEntry(directory, desk, '9999', 'example.com')).toEqual({ invalid: 'unknown' });
    expect(await routeEntry(directory, desk, '0000', undefined)).toEqual({ invalid: 'unknown' });
  });

  it('reject is an unknown alias, even one the services file has', async () => {
    const { directory } = await setUp();
    expect(await directory.lookup('1001')).toBeUndefined();
  });

  it('continue without a result asks the services file', async () => {
    const { directory, server } = await setUp();
    server.respond((_request, res) => json(res, { status: 'success', action: 'continue' }));
    expect(await directory.lookup('1001')).toMatchObject({ name: 'Host and guest' });
  });

  const failures: [string, (res: ServerResponse) => void, string][] = [
    ['an HTTP error', (res) => json(res, {}, 500), 'http_status'],
    ['a body that is not JSON', (res) => void res.end('not json'), 'not_json'],
    ['a non-success status', (res) => json(res, { status: 'error', action: 'continue' }), 'invalid_answer'],
    [
      'wrong types',
      (res) => json(res, continueWith({ service_type: 'conference', name: 'X', pin: 918273 })),
      'invalid_answer',
    ],
    [
      "PINs that break Foyer's rules",
      (res) =>
        json(
          res,
          continueWith({ service_type: 'conference', name: 'X', pin: PINS[0], guest_pin: PINS[0], allow_guests: true }),
        ),
      'invalid_answer',
    ],
    [
      'a flow this Foyer does not have',
      (res) => json(res, continueWith({ service_type: 'conference', name: 'X', foyer: { flow: 'no-such-flow' } })),
      'unknown_reference',
    ],
    ['a room hosted elsewhere (no calls out yet)', (res) => json(res, continueWith(ROOMS.teams!)), 'not_supported'],
  ];

  describe.each(failures)('%s', (_name, respond, cause) => {
    it('falls back to the services file (policy.fallback: local), logged once with the server and the problem', async () => {
      const { directory, server, log } = await setUp();
      server.respond((_request, res) => respond(res));
      expect(await directory.lookup('1001')).toMatchObject({ name: 'Host and guest' });
      expect(await directory.lookup('1001')).toMatchObject({ name: 'Host and guest' });
      const failed = log.lines().filter((line) => line.event === 'policy_failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({
        cause,
        server: server.url,
        fallback: 'local',
        request: 'service',
        alias: '1001',
      });
      for (const pin of PINS) expect(log.text()).not.toContain(pin);
    });

    it('refuses the call (policy.fallback: reject) with an error naming the server and the problem', async () => {
      const { directory, server } = await setUp({ fallback: 'reject' });
      server.respond((_request, res) => respond(res));
      const error = await directory.lookup('1001').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PolicyLookupError);
      expect((error as PolicyLookupError).policyCause).toBe(cause);
      expect((error as Error).message).toContain(server.url);
      for (const pin of PINS) expect((error as Error).message).not.toContain(pin);
    });
  });

  it('a server that is not there, or too slow, falls back too; a recovered server is logged once', async () => {
    const { directory, log, connection } = await setUp({ timeoutMs: 200 });
    server!.respond(() => undefined);
    expect(await directory.lookup('1001')).toMatchObject({ name: 'Host and guest' });
    expect(connection.status()).toMatchObject({ state: 'down', last_failure: { cause: 'timeout' } });
    server!.respond((request, res) => knowsRooms(request, res, request.query.get('local_alias')));
    expect(await directory.lookup('meet.alice')).toMatchObject({ name: 'Alice' });
    expect(log.lines().filter((line) => line.event === 'policy_recovered')).toHaveLength(1);
    const gone = new PolicyConnection({ url: `http://127.0.0.1:${await closedPort()}`, logger: log.logger });
    expect(await withPolicy(bundle, gone).directory.lookup('1001')).toMatchObject({ name: 'Host and guest' });
    await gone.close();
    expect(
      log
        .lines()
        .filter((line) => line.event === 'policy_failed')
        .map((line) => line.cause),
    ).toEqual(['timeout', 'unreachable']);
  });

  it('a server too slow or not there refuses the call with policy.fallback: reject', async () => {
    const { directory, server } = await setUp({ timeoutMs: 100, fallback: 'reject' });
    server.respond(() => undefined);
    await expect(directory.lookup('1001')).rejects.toThrow(/no answer within 100 ms/);
    const log = capturedLogger();
    const gone = new PolicyConnection({
      url: `http://127.0.0.1:${await closedPort()}`,
      logger: log.logger,
      fallback: 'reject',
    });
    await expect(withPolicy(bundle, gone).directory.lookup('1001')).rejects.toThrow(/ECONNREFUSED/);
    await gone.close();
  });

  it('the cache keeps answers for policy.cache and never keeps failures', async () => {
    const clock = new SimulatedClock();
    const { directory, server } = await setUp({ cacheMs: 10_000, clock });
    await directory.lookup('meet.alice');
    await directory.lookup('meet.alice');
    await directory.lookup('nobody');
    await directory.lookup('nobody');
    expect(server.requests).toHaveLength(2);
    await clock.advance(10_000);
    await directory.lookup('meet.alice');
    expect(server.requests).toHaveLength(3);
    server.respond((_request, res) => json(res, {}, 503));
    await directory.lookup('meet.hall');
    await directory.lookup('meet.hall');
    expect(server.requests).toHaveLength(5);
  });

  it('/metrics shows the latency histogram by result, and whether the server answers; never a PIN', async () => {
    const { directory, metrics, server } = await setUp();
    await directory.lookup('meet.alice');
    server.respond((_request, res) => json(res, {}, 502));
    await directory.lookup('meet.alice');
    const text = await metrics.text();
    expect(text).toMatch(/foyer_policy_request_seconds_count\{request="service",result="ok"\} 1/);
    expect(text).toMatch(/foyer_policy_request_seconds_count\{request="service",result="http_status"\} 1/);
    expect(text).toContain(`foyer_policy_server_up{server="${server.url}"} 0`);
    expect(text).toContain('foyer_policy_in_flight 0');
    for (const pin of PINS) expect(text).not.toContain(pin);
  });
});
