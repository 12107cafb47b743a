import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** One request the policy server received. */
export interface SeenRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
}

/** Answers a request: a JSON body (200 unless `status` says), or does something odd to the connection. */
export type Responder = (request: SeenRequest, res: ServerResponse) => void;

export interface PolicyServer {
  readonly url: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  /** Requests received and not yet answered (a server that hangs). */
  readonly hanging: ServerResponse[];
  respond(responder: Responder): void;
  /** Called for every new connection (to count them). */
  onConnection(listener: () => void): void;
  /** Resolves once `count` requests have arrived in all. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Sends `body` as JSON. */
export function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A policy answer for a service (`result`), as Pexip's servers write them. */
export function continueWith(result: Record<string, unknown>): Record<string, unknown> {
  return { status: 'success', action: 'continue', result };
}

/**
 * A real HTTP (or, with `tls`, HTTPS) server on a free loopback port, standing in for an
 * operator's policy server: the test says how it answers, and reads what it was asked.
 */
export async function startPolicyServer(
  responder: Responder = (_request, res) => json(res, { status: 'success', action: 'reject' }),
  tls?: { key: string; cert: string },
): Promise<PolicyServer> {
  let current = responder;
  const requests: SeenRequest[] = [];
  const hanging: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  let waiters: { count: number; resolve: () => void }[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const [path, search] = (req.url ?? '').split('?');
    const seen: SeenRequest = {
      path: path ?? '',
      query: new URLSearchParams(search ?? ''),
      authorization: req.headers.authorization,
    };
    requests.push(seen);
    hanging.push(res);
    const settled = () => {
      const at = hanging.indexOf(res);
      if (at >= 0) hanging.splice(at, 1);
    };
    res.on('finish', settled);
    res.on('close', settled);
    current(seen, res);
    waiters = waiters.filter((waiter) => (requests.length >= waiter.count ? (waiter.resolve(), false) : true));
  };
  const server: Server = tls ? createHttpsServer(tls, handle) : createHttpServer(handle);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    hanging,
    respond: (next) => void (current = next),
    onConnection: (listener) => void server.on('connection', listener),
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port with nothing listening on it (a server that has gone away). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
