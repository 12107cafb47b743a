import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.js';
import { AbuseGuard, DEFAULT_POLICY, MemoryAbuseStore, type BlockResponse } from '../../src/security/index.js';
import { SimulatedClock } from '../../src/time/index.js';
import {
  MediaServerConnection,
  SipService,
  type RequestHandlerLike,
  type SipInboundCall,
} from '../../src/telephony/index.js';

/** What Foyer sent back to one request: nothing at all, or a status (and whether it had a body). */
type Sent = { status?: number; body?: string };

/** drachtio-srf's Srf as SipService uses it, with requests that carry headers. */
class FakeSrf extends EventEmitter {
  readonly handlers = new Map<string, RequestHandlerLike>();
  invite(handler: RequestHandlerLike) {
    this.handlers.set('INVITE', handler);
  }
  options(handler: RequestHandlerLike) {
    this.handlers.set('OPTIONS', handler);
  }
  register(handler: RequestHandlerLike) {
    this.handlers.set('REGISTER', handler);
  }
  refer(handler: RequestHandlerLike) {
    this.handlers.set('REFER', handler);
  }
  connect() {}
  disconnect() {}
  createUAS(): Promise<never> {
    return Promise.reject(new Error('not in this test'));
  }

  request(method: string, headers: Record<string, string>, source = '198.51.100.9'): Sent {
    const sent: Sent = {};
    const get = (name: string) =>
      Object.entries({ 'Call-ID': 'c1', ...headers }).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    const req = Object.assign(new EventEmitter(), {
      method,
      uri: 'sip:1000@foyer',
      body: '',
      callId: 'c1',
      source_address: source,
      source_port: 5060,
      get,
      has: (name: string) => get(name) !== undefined,
    });
    this.handlers.get(method)!(req, {
      send: (status: number, reason?: unknown, options?: unknown) => {
        sent.status = status;
        const body = ((typeof reason === 'object' ? reason : options) as { body?: string } | undefined)?.body;
        if (body !== undefined) sent.body = body;
      },
    });
    return sent;
  }
}

function setup(blockResponse: BlockResponse) {
  const srf = new FakeSrf();
  const guard = new AbuseGuard({
    store: new MemoryAbuseStore(),
    policy: { ...DEFAULT_POLICY, blockResponse },
    clock: new SimulatedClock(),
    logger: silentLogger,
  });
  const calls: SipInboundCall[] = [];
  new SipService({
    srf: srf,
    host: '127.0.0.1',
    port: 9022,
    secret: 'cymru',
    media: { current: new EventEmitter() } as unknown as MediaServerConnection,
    logger: silentLogger,
    channel: { promptBase: '/p', conferenceProfile: 'foyer', logger: silentLogger, operationTimeoutMs: 1000 },
    onCall: (call) => calls.push(call),
    draining: () => false,
    guard,
  }).start();
  return { srf, calls };
}

describe('SIP requests from scanners', () => {
  it('OPTIONS and REGISTER from a scanner user agent get 403 with no body; others are served as before', () => {
    const { srf } = setup('reject');
    expect(srf.request('OPTIONS', { 'User-Agent': 'friendly-scanner' })).toEqual({ status: 403 });
    expect(srf.request('REGISTER', { 'User-Agent': 'sipcli/v1.8' })).toEqual({ status: 403 });
    expect(srf.request('OPTIONS', { 'User-Agent': 'Cisco-SIPGateway' })).toEqual({ status: 200 });
  });

  it('with block_response drop, they get no answer at all', () => {
    const { srf } = setup('drop');
    expect(srf.request('OPTIONS', { 'User-Agent': 'VaxSIPUserAgent/3.1' })).toEqual({});
    expect(srf.request('REGISTER', { 'User-Agent': 'sipvicious' })).toEqual({});
  });

  it("an INVITE reaches the call session, which refuses it; the SIP call's refusal is 403 with no body, or silence", async () => {
    for (const [response, expected] of [
      ['reject', { status: 403 }],
      ['drop', {}],
    ] as const) {
      const { srf, calls } = setup(response);
      const sent = srf.request('INVITE', { 'User-Agent': 'friendly-scanner', 'X-Forwarded-For': '203.0.113.1' });
      expect(sent).toEqual({});
      expect(calls[0]!.header('x-forwarded-for')).toBe('203.0.113.1');
      expect(calls[0]!.userAgent).toBe('friendly-scanner');
      await calls[0]!.reject('blocked');
      expect(sent).toEqual(expected);
    }
  });
});
