import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** GET /metrics in Prometheus' text format: a plain Node handler, so express mounts it as it is. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function metricsHandler(registry: Registry): MetricsHandler {
  return (_req, res) => {
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
      () => {
        // No detail: a scrape is unauthenticated, and the cause is in no label anyway.
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('metrics unavailable\n');
      },
    );
  };
}

/**
 * METRICS_PORT: /metrics on a port of its own (bound to HOST like the main one), so that a
 * network policy can let Prometheus reach it and nothing else; everything else there is 404.
 */
export async function startMetricsServer(handler: MetricsHandler, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics.invalid').pathname;
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) return handler(req, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  });
  server.listen(port, host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return server;
}
