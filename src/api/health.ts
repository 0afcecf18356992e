import { Router } from 'express';
import type { Connection } from 'mongoose';
import { pingDatabase } from '../db/connect';

export function healthRouter(conn: Connection): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const up = await pingDatabase(conn);
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down' });
  });
  return router;
}
