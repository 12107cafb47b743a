import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicyClient, type PolicyObserver } from '../../src/directory/index.js';
import { settle, SimulatedClock } from '../../src/time/index.js';
import { closedPort, json, startPolicyServer, type PolicyServer } from '../helpers/policy-server.js';
import { skipNotice } from '../helpers/skip-notice.js';

/** expect's asymmetric matchers, typed as the strings they stand for. */
const containing = (text: string) => expect.stringContaining(text) as string;
const matching = (pattern: RegExp) => expect.stringMatching(pattern) as string;

let server: PolicyServer | undefined;
let client: PolicyClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

const ok = { status: 'success', action: 'reject' };

describe('policy client against a real HTTP server', () => {
  it("asks GET {url}/policy/v1/... with Pexip's parameters, keeping the URL's path", async () => {
    server = await startPolicyServer((_request, res) => json(res, ok));
    client = new PolicyClient({ url: `${server.url}/pexip/` });
    const params = new URLSearchParams({ local_alias: 'meet.alice', protocol: 'sip' });
    const reply = await client.ask('service', params);
    expect(reply).toEqual({ ok: true, json: ok });
    expect(server.requests[0]!.path).toBe('/pexip/policy/v1/service/configuration');
    expect(server.requests[0]!.query.get('local_alias')).toBe('meet.alice');
    await client.ask('participant', params);
    expect(server.requests[1]!.path).toBe('/pexip/policy/v1/participant/properties');
    expect(client.status()).toMatchObject({ state: 'up', in_flight: 0, last_failure: null });
  });

  it('sends basic authentication when configured, and none otherwise', async () => {
    server = await startPolicyServer((_request, res) => json(res, ok));
    client = new PolicyClient({ url: server.url, username: 'foyer', password: 's3cr:et' });
    await client.ask('service', new URLSearchParams());
    expect(server.requests[0]!.authorization).toBe(`Basic ${Buffer.from('foyer:s3cr:et').toString('base64')}`);
    await client.close();
    client = new PolicyClient({ url: server.url });
    await client.ask('service', new URLSearchParams());
    expect(server.requests[1]!.authorization).toBeUndefined();
  });

  it('keeps connections alive: twenty requests one after another do not open twenty connections', async () => {
    let connections = 0;
    server = await startPolicyServer((_request, res) => json(res, ok));
    server.onConnection(() => connections++);
    client = new PolicyClient({ url: server.url, maxInFlight: 4 });
    for (let i = 0; i < 20; i++) await client.ask('service', new URLSearchParams());
    expect(server.requests).toHaveLength(20);
    // The pool may open a second before it sees the first free again; never one per request.
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('an HTTP error, a body that is not JSON, and an answer too large are failures with their cause', async () => {
    server = await startPolicyServer((request, res) => {
      const kind = request.query.get('kind');
      if (kind === 'status') json(res, { error: 'down' }, 503);
      else if (kind === 'auth') json(res, {}, 401);
      else if (kind === 'junk') res.end('<html>oops</html>');
      else json(res, { status: 'success', pad: 'x'.repeat(100_000) });
    });
    client = new PolicyClient({ url: server.url });
    const ask = (kind: string) => client!.ask('service', new URLSearchParams({ kind }));
    expect(await ask('status')).toEqual({ ok: false, failure: { cause: 'http_status', problem: 'HTTP 503' } });
    expect(await ask('auth')).toMatchObject({ failure: { problem: containing('policy.username') } });
    expect(await ask('junk')).toMatchObject({ ok: false, failure: { cause: 'not_json' } });
    expect(await ask('big')).toMatchObject({
      ok: false,
      failure: { cause: 'unreachable', problem: containing('larger than') },
    });
    expect(client.status()).toMatchObject({ state: 'down', last_failure: { cause: 'unreachable' } });
  });

  it('a server that is not there, or that drops the connection mid-answer, is unreachable', async () => {
    client = new PolicyClient({ url: `http://127.0.0.1:${await closedPort()}` });
    expect(await client.ask('service', new URLSearchParams())).toMatchObject({
      ok: false,
      failure: { cause: 'unreachable', problem: containing('ECONNREFUSED') },
    });
    await client.close();
    server = await startPolicyServer((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"status":');
      setImmediate(() => res.socket?.destroy());
    });
    client = new PolicyClient({ url: server.url });
    expect(await client.ask('service', new URLSearchParams())).toMatchObject({
      ok: false,
      failure: { cause: 'unreachable' },
    });
  });

  it('times out after policy.timeout on its clock, and the request is abandoned', async () => {
    server = await startPolicyServer(() => undefined); // never answers
    const clock = new SimulatedClock();
    const seen: string[] = [];
    const observer: PolicyObserver = { requested: (request, result) => seen.push(`${request}:${result}`) };
    client = new PolicyClient({ url: server.url, timeoutMs: 3_000, clock, observer });
    const reply = client.ask('service', new URLSearchParams());
    await server.received(1);
    await clock.advance(2_999);
    expect(client.status().in_flight).toBe(1);
    await clock.advance(1);
    expect(await reply).toEqual({
      ok: false,
      failure: { cause: 'timeout', problem: 'no answer within 3000 ms (policy.timeout)' },
    });
    expect(seen).toEqual(['service:timeout']);
    expect(client.status()).toMatchObject({ state: 'down', in_flight: 0 });
  });

  it('at most max_in_flight requests wait; the next fails at once without being sent', async () => {
    server = await startPolicyServer(() => undefined);
    client = new PolicyClient({ url: server.url, maxInFlight: 2 });
    const first = client.ask('service', new URLSearchParams());
    const second = client.ask('service', new URLSearchParams());
    await server.received(2);
    expect(await client.ask('service', new URLSearchParams())).toMatchObject({
      ok: false,
      failure: { cause: 'overloaded', problem: containing('policy.max_in_flight') },
    });
    expect(server.requests).toHaveLength(2);
    server.respond((_request, res) => json(res, ok));
    for (const res of [...server.hanging]) json(res, ok);
    expect(await first).toMatchObject({ ok: true });
    expect(await second).toMatchObject({ ok: true });
    expect(await client.ask('service', new URLSearchParams())).toMatchObject({ ok: true });
  });

  it("rejects when the caller's signal aborts (the call ended), and lets the request go", async () => {
    server = await startPolicyServer(() => undefined);
    client = new PolicyClient({ url: server.url });
    const controller = new AbortController();
    const reply = client.ask('service', new URLSearchParams(), controller.signal);
    await server.received(1);
    controller.abort(new Error('caller hung up'));
    await expect(reply).rejects.toThrow('caller hung up');
    await settle();
    expect(client.status().in_flight).toBe(0);
  });

  it('refuses a URL it cannot use, saying what to write instead', () => {
    expect(() => new PolicyClient({ url: 'policy.example.com' })).toThrow(/is not a URL/);
    expect(() => new PolicyClient({ url: 'ftp://policy.example.com' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => new PolicyClient({ url: 'https://u:p@policy.example.com' })).toThrow(/policy.username/);
  });
});

describe('policy client over HTTPS', () => {
  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!openssl) skipNotice('policy client HTTPS tests', 'openssl is not installed');

  it.skipIf(!openssl)('trusts a server whose certificate the configured CA signed, and no other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foyer-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ].concat(['-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']),
      { stdio: 'ignore' },
    );
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = await startPolicyServer((_request, res) => json(res, ok), { key, cert });
    client = new PolicyClient({ url: server.url, ca: cert });
    expect(await client.ask('service', new URLSearchParams())).toEqual({ ok: true, json: ok });
    await client.close();
    client = new PolicyClient({ url: server.url });
    expect(await client.ask('service', new URLSearchParams())).toMatchObject({
      ok: false,
      failure: { cause: 'unreachable', problem: matching(/SELF_SIGNED|certificate/i) },
    });
  });
});
