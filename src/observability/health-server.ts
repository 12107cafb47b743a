import { createServer, type IncomingMessage, type Server } from 'node:http';
import { HttpPortError } from './http-port-error.js';
import type { Logger } from './logger.js';

/** What `GET /health` reports; `ok` decides the status code (200 or 503). */
export interface HealthReport {
  readonly ok: boolean;
  readonly [section: string]: unknown;
}

/** An answer to an HTTP request: a status and a JSON body. */
export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
}

/** What a route may read of its request besides the body. */
export interface RouteRequest {
  readonly query: URLSearchParams;
  header(name: string): string | undefined;
  /** The peer's address; routes that are not public only ever see loopback peers. */
  readonly remoteAddress: string | undefined;
}

/** Answers at once or later; if it throws, the request gets 500. */
export type RouteHandler = (body: unknown, request: RouteRequest) => JsonReply | Promise<JsonReply>;

/**
 * Further routes by `METHOD /path`; a POST's body is parsed JSON (requests must say `content-type:
 * application/json`). A route is for loopback peers only (operator actions) unless it is marked
 * `public` (it then checks its callers itself), whatever address the server listens on.
 */
export type Routes = Readonly<Record<string, RouteHandler | { readonly public: true; readonly handler: RouteHandler }>>;

const MAX_BODY = 16_384;

/** What `GET /metrics` serves: Prometheus text exposition. */
export interface MetricsSource {
  readonly contentType: string;
  text(): Promise<string>;
}

/**
 * Serves `GET /health` and `routes` on `port` (0: any free port), bound to `host`. Operator routes
 * answer loopback peers only, whatever `host` is. POSTs must carry JSON (`content-type:
 * application/json`), which a web page on another origin cannot send without asking first.
 */
export async function startHealthServer(
  port: number,
  host: string,
  report: () => HealthReport | Promise<HealthReport>,
  logger: Logger,
  routes: Routes = {},
  metrics?: MetricsSource,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (metrics && req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
      metrics.text().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.contentType });
          res.end(body);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'collecting metrics failed');
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('collecting metrics failed\n');
        },
      );
      return;
    }
    void answer(req, report, routes)
      .catch((error: unknown) => {
        logger.error({ err: error, url: req.url }, 'HTTP request failed');
        return { status: 500, body: { error: 'internal error; see the application log' } };
      })
      .then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify(body)}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new HttpPortError(port, host, error)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  logger.info(
    { event: 'http_listening', port: typeof address === 'object' && address ? address.port : port },
    'health endpoint listening',
  );
  return server;
}

async function answer(
  req: IncomingMessage,
  report: () => HealthReport | Promise<HealthReport>,
  routes: Routes,
): Promise<JsonReply> {
  const path = req.url?.split('?')[0] ?? '';
  if (req.method === 'GET' && path === '/health') {
    const body = await report();
    return { status: body.ok ? 200 : 503, body };
  }
  const entry = routes[`${req.method} ${path}`];
  if (!entry) return { status: 404, body: { error: `no ${req.method} ${path} here` } };
  const route = typeof entry === 'function' ? entry : entry.handler;
  if (typeof entry === 'function' && !isLoopback(req.socket.remoteAddress))
    return { status: 403, body: { error: `${req.method} ${path} answers only on this machine (loopback)` } };
  const request: RouteRequest = {
    query: new URLSearchParams(req.url?.split('?')[1] ?? ''),
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    remoteAddress: req.socket.remoteAddress,
  };
  if (req.method !== 'POST') return route(undefined, request);
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
    return { status: 415, body: { error: 'send JSON (content-type: application/json)' } };
  const text = await readBody(req);
  if (text === undefined) return { status: 413, body: { error: `the body may be at most ${MAX_BODY} bytes` } };
  try {
    return await route(text === '' ? {} : JSON.parse(text), request);
  } catch (error) {
    if (error instanceof SyntaxError) return { status: 400, body: { error: `the body is not JSON: ${error.message}` } };
    throw error;
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let text = '';
  for await (const chunk of req) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > MAX_BODY) return undefined;
  }
  return text;
}

/** 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}
