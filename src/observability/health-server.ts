import { createServer, type Server } from 'node:http';
import type { Logger } from './logger.js';

/** What `GET /health` reports; `ok` decides the status code (200 or 503). */
export interface HealthReport {
  readonly ok: boolean;
  readonly [section: string]: unknown;
}

/** What `POST /reload` answers: 200 when the new configuration is in use, 422 when it was refused. */
export interface ReloadReport {
  readonly ok: boolean;
  readonly [field: string]: unknown;
}

export interface HttpRoutes {
  /** `POST /reload`: load the configuration again (`foyer reload`). */
  readonly reload?: () => ReloadReport;
}

/**
 * Serves `GET /health` (and later `/metrics`), and `POST /reload` when given, on `port` (0: any
 * free port). Bind it to 127.0.0.1: reloading is for the operator on this machine.
 */
export async function startHealthServer(port: number, host: string, report: () => HealthReport, logger: Logger, routes: HttpRoutes = {}): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify(body)}\n`);
    };
    if (req.method === 'GET' && path === '/health') {
      const health = report();
      return json(health.ok ? 200 : 503, health);
    }
    if (path === '/reload' && routes.reload) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' });
        return res.end('use POST /reload\n');
      }
      const result = routes.reload();
      return json(result.ok ? 200 : 422, result);
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  logger.info({ event: 'http_listening', port: typeof address === 'object' && address ? address.port : port }, 'health endpoint listening');
  return server;
}
