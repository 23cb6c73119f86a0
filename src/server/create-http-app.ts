import express, { type Express, type Router } from 'express';

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
  return app;
}
