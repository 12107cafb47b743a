import { createServer, type Server } from 'node:http';
import type { Logger } from './logger.js';

/** What `GET /health` reports; `ok` decides the status code (200 or 503). */
export interface HealthReport {
  readonly ok: boolean;
  readonly [section: string]: unknown;
}

/** What `GET /metrics` serves: Prometheus text exposition. */
export interface MetricsSource {
  readonly contentType: string;
  text(): Promise<string>;
}

/** Serves `GET /health`, and `GET /metrics` when given metrics, on `port` (0: any free port). */
export async function startHealthServer(port: number, host: string, report: () => HealthReport, logger: Logger, metrics?: MetricsSource): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && path === '/metrics' && metrics) {
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
    if (req.method === 'GET' && path === '/health') {
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
  logger.info({ event: 'http_listening', port: typeof address === 'object' && address ? address.port : port, metrics: Boolean(metrics) }, metrics ? 'health and metrics endpoints listening' : 'health endpoint listening');
  return server;
}
