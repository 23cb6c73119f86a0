import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';

/** A surface's HTTP entry: Bolt's router for /slack/events, the Teams route for /api/messages. */
export interface MountedSurface {
  readonly name: string;
  readonly router: Router;
}

/** Whether this process should get traffic: the store answers, and it is not shutting down. */
export type Readiness = () => Promise<{ readonly ready: boolean; readonly reason?: string }>;

const alwaysReady: Readiness = async () => ({ ready: true });

export interface HttpAppOptions {
  /** GET /metrics on this port; left out when METRICS_PORT serves it on a port of its own. */
  readonly metrics?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * One HTTP port for every surface, plus /healthz (liveness: the process answers; cheap, never
 * touches the store or Okta, so a slow dependency never gets a healthy pod killed) and /readyz
 * (readiness: 503 while the store is unreachable or the process drains, so the load balancer
 * sends requests elsewhere instead of into half a run).
 */
export function createHttpApp(surfaces: readonly MountedSurface[], readiness: Readiness = alwaysReady, options: HttpAppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, surfaces: surfaces.map((surface) => surface.name) });
  });
  app.get('/readyz', async (_req, res) => {
    const { ready, reason } = await readiness().catch((error: unknown) => ({ ready: false, reason: error instanceof Error ? error.message : 'not ready' }));
    res.status(ready ? 200 : 503).json({ ready, ...(reason ? { reason } : {}) });
  });
  if (options.metrics) app.get('/metrics', options.metrics);
  for (const surface of surfaces) app.use(surface.router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // Express's default error page is HTML with a stack trace; callers (and attackers) get a short JSON answer.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = statusOf(error);
    res.status(status).json({ error: status === 413 ? 'request body too large' : status < 500 ? 'bad request' : 'internal error' });
  });
  return app;
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
