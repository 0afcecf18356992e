// GET /healthz: 200 while the database answers, 503 while it does not.
import { Router } from 'express';

export function healthRouter(ping: () => Promise<boolean>): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const up = await ping();
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down' });
  });
  return router;
}
