import { Pool } from 'undici';
import { realClock, type Clock } from '../time/index.js';
import type { PolicyFailure, PolicyRequestKind } from './policy-failure.js';

const PATHS: Record<PolicyRequestKind, string> = {
  service: '/policy/v1/service/configuration',
  participant: '/policy/v1/participant/properties',
};

/** Why the client aborted a request itself: it took longer than the timeout. */
const TIMED_OUT = Symbol('policy request timed out');

/** A larger answer is junk: a service configuration is a few hundred bytes. */
const MAX_ANSWER_BYTES = 65_536;

export interface PolicyClientOptions {
  /** The server's base URL (`https://policy.example.com/pexip`); requests go to `{url}/policy/v1/...`. */
  readonly url: string;
  /** Basic authentication; never logged. */
  readonly username?: string;
  readonly password?: string;
  /** Certificate authorities (PEM) trusted for an https URL, beside the system's. */
  readonly ca?: string;
  /** Longest a request may take, answer read included (default 5 s). */
  readonly timeoutMs?: number;
  /** Requests waiting at once (default 50); more fail at once as `overloaded` rather than queue. */
  readonly maxInFlight?: number;
  /** Times the requests out; real time by default. */
  readonly clock?: Clock;
  /** Sees every request end (metrics). */
  readonly observer?: PolicyObserver;
}

/** What the metrics see of each request: its kind, how it ended, and how long it took. */
export interface PolicyObserver {
  requested(request: PolicyRequestKind, result: 'ok' | PolicyFailure['cause'], seconds: number): void;
}

export type PolicyReply =
  { readonly ok: true; readonly json: unknown } | { readonly ok: false; readonly failure: PolicyFailure };

/** How the server has been answering, for `/health`. */
export interface PolicyClientStatus {
  readonly server: string;
  /** `up`: the last request got an answer; `down`: it got none; `unknown`: none asked yet. */
  readonly state: 'unknown' | 'up' | 'down';
  readonly in_flight: number;
  readonly max_in_flight: number;
  readonly timeout_ms: number;
  readonly last_answer_at: string | null;
  readonly last_failure: { readonly cause: string; readonly problem: string; readonly at: string } | null;
}

/**
 * Asks a Pexip-compatible policy server over a pool of kept-alive connections (undici): GET with
 * the request's parameters, basic authentication when configured, a timeout per request, and at
 * most `maxInFlight` requests waiting (the rest fail at once: a slow server must not pile up
 * calls). Every outcome is a reply; only the caller's own abort rejects.
 */
export class PolicyClient {
  /** The server as logs and `/health` name it: its URL without credentials. */
  readonly server: string;
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private readonly clock: Clock;
  private inFlight = 0;
  private state: PolicyClientStatus['state'] = 'unknown';
  private lastAnswerAt: Date | undefined;
  private lastFailure: (PolicyFailure & { at: Date }) | undefined;

  constructor(private readonly options: PolicyClientOptions) {
    const url = parsePolicyUrl(options.url);
    this.server = `${url.origin}${url.pathname.replace(/\/$/, '')}`;
    this.prefix = url.pathname.replace(/\/$/, '');
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxInFlight = options.maxInFlight ?? 50;
    this.clock = options.clock ?? realClock;
    this.headers = { accept: 'application/json' };
    if (options.username !== undefined || options.password !== undefined) {
      const credentials = Buffer.from(`${options.username ?? ''}:${options.password ?? ''}`).toString('base64');
      this.headers.authorization = `Basic ${credentials}`;
    }
    this.pool = new Pool(url.origin, {
      connections: this.maxInFlight,
      keepAliveTimeout: 30_000,
      maxResponseSize: MAX_ANSWER_BYTES,
      // A backstop on real time; the request's own timeout (on the injected clock) comes first.
      headersTimeout: this.timeoutMs + 1_000,
      bodyTimeout: this.timeoutMs + 1_000,
      connect: { timeout: this.timeoutMs, ...(options.ca !== undefined && { ca: options.ca }) },
    });
  }

  /** Asks `request` with `params`. Rejects only when `signal` aborts (the answer is no longer wanted). */
  async ask(request: PolicyRequestKind, params: URLSearchParams, signal?: AbortSignal): Promise<PolicyReply> {
    signal?.throwIfAborted();
    if (this.inFlight >= this.maxInFlight) {
      const failure: PolicyFailure = {
        cause: 'overloaded',
        problem: `${this.maxInFlight} requests already waiting (policy.max_in_flight); not sent`,
      };
      this.options.observer?.requested(request, 'overloaded', 0);
      return { ok: false, failure };
    }
    this.inFlight++;
    const started = performance.now();
    const controller = new AbortController();
    const timer = this.clock.setTimeout(() => controller.abort(TIMED_OUT), this.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let reply: PolicyReply;
    try {
      reply = await this.fetch(request, params, controller.signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const timedOut = controller.signal.reason === TIMED_OUT;
      reply = { ok: false, failure: timedOut ? this.timeout() : unreachable(error) };
    } finally {
      this.clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.inFlight--;
    }
    this.record(request, reply, (performance.now() - started) / 1000);
    return reply;
  }

  status(): PolicyClientStatus {
    return {
      server: this.server,
      state: this.state,
      in_flight: this.inFlight,
      max_in_flight: this.maxInFlight,
      timeout_ms: this.timeoutMs,
      last_answer_at: this.lastAnswerAt?.toISOString() ?? null,
      last_failure: this.lastFailure
        ? { cause: this.lastFailure.cause, problem: this.lastFailure.problem, at: this.lastFailure.at.toISOString() }
        : null,
    };
  }

  /** Closes the kept-alive connections (waiting requests end first). */
  async close(): Promise<void> {
    await this.pool.close();
  }

  private async fetch(request: PolicyRequestKind, params: URLSearchParams, signal: AbortSignal): Promise<PolicyReply> {
    const response = await this.pool.request({
      path: `${this.prefix}${PATHS[request]}?${params.toString()}`,
      method: 'GET',
      headers: this.headers,
      signal,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      const hint =
        response.statusCode === 401 || response.statusCode === 403
          ? ' (check policy.username and policy.password)'
          : '';
      return { ok: false, failure: { cause: 'http_status', problem: `HTTP ${response.statusCode}${hint}` } };
    }
    const text = await response.body.text();
    try {
      return { ok: true, json: JSON.parse(text) as unknown };
    } catch (error) {
      return {
        ok: false,
        failure: { cause: 'not_json', problem: `the answer is not JSON (${(error as Error).message})` },
      };
    }
  }

  private timeout(): PolicyFailure {
    return { cause: 'timeout', problem: `no answer within ${this.timeoutMs} ms (policy.timeout)` };
  }

  private record(request: PolicyRequestKind, reply: PolicyReply, seconds: number): void {
    this.state = reply.ok ? 'up' : 'down';
    if (reply.ok) this.lastAnswerAt = new Date();
    else this.lastFailure = { ...reply.failure, at: new Date() };
    this.options.observer?.requested(request, reply.ok ? 'ok' : reply.failure.cause, seconds);
  }
}

/** A policy URL that Foyer can use; throws an Error saying what to write instead. */
export function parsePolicyUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `policy.url "${text}" is not a URL; write it as https://policy.example.com or http://host:port/path`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`policy.url "${url.origin}" must start with http:// or https://`);
  if (url.username !== '' || url.password !== '')
    throw new Error('policy.url must not carry credentials: give them as policy.username and policy.password');
  if (url.search !== '' || url.hash !== '')
    throw new Error('policy.url must not have a query or fragment: Foyer adds /policy/v1/... and the parameters');
  return url;
}

/** What an undici, socket or TLS error means, without its stack. */
function unreachable(error: unknown): PolicyFailure {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE')
    return { cause: 'unreachable', problem: `the answer is larger than ${MAX_ANSWER_BYTES} bytes` };
  const message = err.cause?.message ?? err.message ?? String(error);
  return { cause: 'unreachable', problem: code ? `${code}: ${message}` : message };
}
