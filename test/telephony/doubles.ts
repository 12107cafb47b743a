import { EventEmitter } from 'node:events';
import type {
  EndpointLike,
  MediaServerLike,
  SipDialog,
  SipRequest,
  SipResponse,
  SrfLike,
} from '../../src/telephony/index.js';

type RequestHandler = (req: SipRequest, res: SipResponse) => void;

/** A drachtio-srf Dialog as it behaves: emits destroy on the caller's BYE, info/refer with (req, res). */
export class FakeDialog extends EventEmitter implements SipDialog {
  readonly id = 'dialog-1';
  readonly sip = { callId: 'call-1' };
  readonly local = { sdp: '' };
  readonly remote = { sdp: '' };
  destroyed = 0;

  destroy(): Promise<void> {
    this.destroyed += 1;
    return Promise.resolve();
  }

  request(): Promise<unknown> {
    return Promise.resolve(undefined);
  }

  /** The SDPs of the re-INVITEs Foyer sent. */
  readonly reinvites: string[] = [];
  /** How the caller answers a re-INVITE: with its SDP unchanged by default. */
  modifyImpl: (sdp: string) => Promise<string> = () => Promise.resolve(this.remote.sdp);

  modify(sdp: string): Promise<string> {
    this.reinvites.push(sdp);
    this.local.sdp = sdp;
    return this.modifyImpl(sdp).then((answer) => (this.remote.sdp = answer));
  }

  /** The caller sends a request inside the dialog; returns the status Foyer answered. */
  receive(event: 'info' | 'refer', contentType: string | undefined, body: string): number | undefined {
    let status: number | undefined;
    const req = Object.assign(new EventEmitter(), {
      method: event.toUpperCase(),
      uri: '',
      body,
      callId: 'call-1',
      source_address: '192.0.2.1',
      source_port: 5060,
      get: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : undefined),
      has: (name: string) => name.toLowerCase() === 'content-type' && contentType !== undefined,
    }) as unknown as SipRequest;
    const res: SipResponse = { send: (code: number) => void (status = code) };
    this.emit(event, req, res);
    return status;
  }
}

/** A drachtio-fsmrf Endpoint as it behaves: play resolves when playback ends, dtmf payloads are strings. */
export class FakeEndpoint extends EventEmitter implements EndpointLike {
  readonly local: { sdp: string };

  constructor(
    readonly uuid = 'fs-uuid-1',
    sdp = 'v=0\r\n',
  ) {
    super();
    this.local = { sdp };
  }

  readonly conf: { memberId?: number; name?: string } = {};
  readonly played: string[][] = [];
  readonly apiCalls: string[] = [];
  readonly executed: string[] = [];
  destroyed = 0;
  /** Resolves the playback in progress. */
  finishPlayback: (() => void) | undefined;
  /** When set, play never settles (a FreeSWITCH that stopped answering). */
  hang = false;

  play(files: string | string[]): Promise<unknown> {
    this.played.push(Array.isArray(files) ? files : [files]);
    if (this.hang) return new Promise(() => undefined);
    return new Promise((resolve) => (this.finishPlayback = () => resolve({})));
  }

  execute(app: string, arg?: string): Promise<unknown> {
    this.executed.push(arg ? `${app} ${arg}` : app);
    return Promise.resolve({});
  }

  api(command: string, args?: string): Promise<unknown> {
    this.apiCalls.push(args ? `${command} ${args}` : command);
    if (command === 'uuid_break') this.finishPlayback?.();
    return Promise.resolve('+OK');
  }

  readonly variables: Record<string, string> = {};

  set(variables: Readonly<Record<string, string>>): Promise<unknown> {
    Object.assign(this.variables, variables);
    this.executed.push(`set ${Object.keys(variables).join(',')}`);
    return Promise.resolve({});
  }

  readonly joins: { conference: string; options: unknown; variables: Record<string, string> }[] = [];

  join(conference = '', options: unknown = {}): Promise<{ memberId: number; confUuid: string }> {
    this.joins.push({ conference, options, variables: { ...this.variables } });
    return Promise.resolve({ memberId: 7, confUuid: 'conf-uuid' });
  }

  /** The SDPs it was told to stream to (the caller's answers). */
  readonly modified: string[] = [];
  modifyImpl: () => Promise<unknown> = () => Promise.resolve({});

  modify(sdp: string): Promise<unknown> {
    this.modified.push(sdp);
    return this.modifyImpl();
  }

  destroy(): Promise<void> {
    this.destroyed += 1;
    return Promise.resolve();
  }
}

/** An INVITE (or other request) from a caller, and what Foyer answered to it. */
export function fakeRequest(method: string, body = '', headers: Record<string, string> = {}) {
  const sent: { status: number; headers?: Record<string, string> }[] = [];
  const all: Record<string, string> = { 'Call-ID': 'call-1', From: '<sip:caller@example.com>;tag=1', ...headers };
  const find = (name: string) => Object.entries(all).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  const req = Object.assign(new EventEmitter(), {
    method,
    uri: 'sip:1000@foyer.example.com',
    body,
    callId: all['Call-ID']!,
    source_address: '192.0.2.1',
    source_port: 5060,
    get: find,
    has: (name: string) => find(name) !== undefined,
  }) as unknown as SipRequest;
  const res: SipResponse = {
    send: (status: number, reason?: unknown, options?: unknown) => {
      const opts = (typeof reason === 'object' ? reason : options) as { headers?: Record<string, string> } | undefined;
      sent.push({ status, ...(opts?.headers && { headers: opts.headers }) });
    },
  };
  return { req, res, sent };
}

/** drachtio-srf's Srf as SipService uses it: handlers per method, events, UAS dialogs. */
export class FakeSrf extends EventEmitter implements SrfLike {
  readonly handlers = new Map<string, RequestHandler>();
  /** What createUAS does (answers with a FakeDialog by default). */
  createUASImpl: (req: SipRequest, res: SipResponse, options: { localSdp: string }) => Promise<SipDialog> = (
    _req,
    res,
  ) => {
    res.send(200);
    return Promise.resolve(new FakeDialog());
  };

  connect(): void {}
  disconnect(): void {}
  invite(handler: RequestHandler): void {
    this.handlers.set('INVITE', handler);
  }
  options(handler: RequestHandler): void {
    this.handlers.set('OPTIONS', handler);
  }
  register(handler: RequestHandler): void {
    this.handlers.set('REGISTER', handler);
  }
  refer(handler: RequestHandler): void {
    this.handlers.set('REFER', handler);
  }
  createUAS(req: SipRequest, res: SipResponse, options: { localSdp: string }): Promise<SipDialog> {
    return this.createUASImpl(req, res, options);
  }

  /** A request arrives from drachtio-server. */
  receive(method: string, body = '', headers: Record<string, string> = {}) {
    const request = fakeRequest(method, body, headers);
    this.handlers.get(method)!(request.req, request.res);
    return request;
  }
}

/** A drachtio-fsmrf MediaServer: createEndpoint does what the test says. */
export class FakeMediaServer extends EventEmitter implements MediaServerLike {
  readonly address = '127.0.0.1';
  readonly currentSessions = 0;
  readonly maxSessions = 100;
  readonly apiCalls: string[] = [];
  createEndpointImpl: () => Promise<EndpointLike> = () => Promise.resolve(new FakeEndpoint());
  apiImpl: (command: string) => Promise<string> = () => Promise.resolve('+OK');

  /** What connectCaller (SRTP callers) does: refuses by default. */
  connectCallerImpl: () => Promise<{ endpoint: EndpointLike; dialog: SipDialog }> = () =>
    Promise.reject(new Error('no SRTP in this test'));

  /** The options of every createEndpoint. */
  readonly created: { remoteSdp?: string }[] = [];

  createEndpoint(options: { remoteSdp?: string } = {}): Promise<EndpointLike> {
    this.created.push(options);
    return this.createEndpointImpl();
  }
  connectCaller(): Promise<{ endpoint: EndpointLike; dialog: SipDialog }> {
    return this.connectCallerImpl();
  }
  api(command: string): Promise<string> {
    this.apiCalls.push(command);
    return this.apiImpl(command);
  }
  disconnect(): void {}
}
