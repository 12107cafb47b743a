import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/index.js';
import {
  MediaServerConnection,
  SipService,
  type MediaServerLike,
  type RequestHandlerLike,
  type SipInboundCall,
  type SipRequest,
} from '../../src/telephony/index.js';

type Handler = RequestHandlerLike;

/** drachtio-srf's Srf as Foyer uses it: handlers per method, events, connect. */
class FakeSrf extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  connected: unknown;
  invite(handler: Handler) {
    this.handlers.set('INVITE', handler);
  }
  options(handler: Handler) {
    this.handlers.set('OPTIONS', handler);
  }
  register(handler: Handler) {
    this.handlers.set('REGISTER', handler);
  }
  refer(handler: Handler) {
    this.handlers.set('REFER', handler);
  }
  connect(options: unknown) {
    this.connected = options;
  }
  disconnect() {}
  createUAS(): Promise<never> {
    return Promise.reject(new Error('not in this test'));
  }

  /** Sends a request; returns the status and headers Foyer answered with. */
  request(method: string, body = ''): { status?: number; headers?: Record<string, string> } {
    const sent: { status?: number; headers?: Record<string, string> } = {};
    const req = Object.assign(new EventEmitter(), {
      method,
      uri: 'sip:8000@foyer',
      body,
      callId: 'c1',
      source_address: '192.0.2.7',
      source_port: 5060,
      get: (name: string) => (name === 'Call-ID' ? 'c1' : undefined),
      has: () => false,
    }) as unknown as SipRequest;
    this.handlers.get(method)!(req, {
      send: (status: number, reason?: unknown, options?: unknown) => {
        sent.status = status;
        const opts = (typeof reason === 'object' ? reason : options) as
          { headers?: Record<string, string> } | undefined;
        if (opts?.headers) sent.headers = opts.headers;
      },
    });
    return sent;
  }
}

function setup(options: { mediaUp?: boolean; draining?: boolean } = {}) {
  const srf = new FakeSrf();
  const server = new EventEmitter() as unknown as MediaServerLike;
  const media = { current: options.mediaUp === false ? undefined : server } as unknown as MediaServerConnection;
  const calls: SipInboundCall[] = [];
  const service = new SipService({
    srf: srf,
    host: '127.0.0.1',
    port: 9022,
    secret: 'cymru',
    media,
    logger: silentLogger,
    channel: { promptBase: '/p', conferenceProfile: 'foyer', logger: silentLogger, operationTimeoutMs: 1000 },
    onCall: (call) => calls.push(call),
    draining: () => options.draining === true,
  });
  service.start();
  return { srf, calls };
}

const SDP =
  'v=0\r\no=a 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

describe('SIP requests', () => {
  it('connects to drachtio-server with the configured address and secret', () => {
    const { srf } = setup();
    expect(srf.connected).toMatchObject({ host: '127.0.0.1', port: 9022, secret: 'cymru' });
  });

  it('answers OPTIONS 200, refuses REGISTER and REFER with 403', () => {
    const { srf } = setup();
    expect(srf.request('OPTIONS').status).toBe(200);
    expect(srf.request('REGISTER').status).toBe(403);
    expect(srf.request('REFER').status).toBe(403);
  });

  it('answers an offer without audio, or garbage, with 488 and never starts a call', () => {
    const { srf, calls } = setup();
    expect(srf.request('INVITE', SDP.replace('m=audio 4000 RTP/AVP 0', 'm=video 4000 RTP/AVP 96')).status).toBe(488);
    expect(srf.request('INVITE', 'garbage').status).toBe(488);
    expect(calls).toHaveLength(0);
  });

  it('answers 503 with Retry-After while FreeSWITCH is unavailable, and while draining', () => {
    expect(setup({ mediaUp: false }).srf.request('INVITE', SDP)).toEqual({
      status: 503,
      headers: { 'Retry-After': '30' },
    });
    expect(setup({ draining: true }).srf.request('INVITE', SDP)).toEqual({
      status: 503,
      headers: { 'Retry-After': '30' },
    });
  });

  it('hands a good INVITE (or one without SDP: a late offer) to the call handler', () => {
    const { srf, calls } = setup();
    srf.request('INVITE', SDP);
    srf.request('INVITE', '');
    expect(calls.map((call) => call.source)).toEqual(['192.0.2.7', '192.0.2.7']);
  });

  it('a handler that throws answers 500 instead of taking the process down', () => {
    const srf = new FakeSrf();
    const service = new SipService({
      srf: srf,
      host: 'h',
      port: 1,
      secret: 's',
      media: { current: new EventEmitter() } as unknown as MediaServerConnection,
      logger: silentLogger,
      channel: { promptBase: '/p', conferenceProfile: 'foyer', logger: silentLogger, operationTimeoutMs: 1000 },
      onCall: () => {
        throw new Error('boom');
      },
      draining: () => false,
    });
    service.start();
    expect(srf.request('INVITE', SDP).status).toBe(500);
  });
});
