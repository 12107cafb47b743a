import { createServer, type Server } from 'node:http';
import type { Logger } from './logger.js';

/** What `GET /health` reports; `ok` decides the status code (200 or 503). */
export interface HealthReport {
  readonly ok: boolean;
  readonly [section: string]: unknown;
}

/** Serves `GET /health` (and later `/metrics`) on `port` (0: any free port). */
export async function startHealthServer(port: number, host: string, report: () => HealthReport, logger: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/health') {
      const body = JSON.stringify(report());
      res.writeHead(report().ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(body);
      return;
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
