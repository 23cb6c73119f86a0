import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';

/** A surface's HTTP entry: Bolt's router for /slack/events, the Teams route for /api/messages. */
export interface MountedSurface {
  readonly name: string;
  readonly router: Router;
}

/** One HTTP port for every surface, plus /healthz for load balancers and containers. */
export function createHttpApp(surfaces: readonly MountedSurface[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, surfaces: surfaces.map((surface) => surface.name) });
  });
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
