// GET /metrics: Prometheus text from counters kept in memory (the one count
// that needs the database, the held queue, is refreshed in the background;
// see moderation-counts.ts). Optionally behind a bearer token (METRICS_TOKEN;
// wrong tokens count as failed authentication of the address) and always
// rate-limited per client address. With METRICS_PORT it is served only on
// that separate listener, not on the public one.
import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { clientAddress, tooManyFailures, type AuthFailureLimit } from '../auth-failures';
import { ApiError } from '../errors';
import { bearerToken } from '../bearer-token';
import { digestKey } from '../../access/key-ring';
import { rateLimited, RateLimiter } from '../rate-limit';
import type { ServiceMetrics } from './metrics';

export interface MetricsAccess {
  /** Required as "Authorization: Bearer <token>" when set. */
  token?: string;
  /** Scrapes per client address per minute. */
  perMinute: number;
  failures?: AuthFailureLimit;
}

/** Equal tokens, compared in constant time (through their digests, which have one length). */
const sameToken = (given: string, expected: string) => timingSafeEqual(Buffer.from(digestKey(given), 'hex'), Buffer.from(digestKey(expected), 'hex'));

export function metricsRouter(metrics: ServiceMetrics, access: MetricsAccess): Router {
  const router = Router();
  const scrapes = new RateLimiter(access.perMinute);
  router.get('/metrics', async (req, res) => {
    if (access.token !== undefined) {
      const wait = access.failures?.waitFor(req) ?? 0;
      if (wait > 0) throw tooManyFailures(wait);
      const given = bearerToken(req.headers.authorization);
      if (!given || !sameToken(given, access.token)) {
        access.failures?.failed(req);
        throw new ApiError(401, given ? 'invalid_api_key' : 'missing_api_key', 'send the metrics token as "Authorization: Bearer <token>"', null, { 'WWW-Authenticate': 'Bearer' });
      }
    }
    const wait = scrapes.take(clientAddress(req));
    if (wait > 0) {
      metrics.rateLimited.inc({ kind: 'metrics' });
      throw rateLimited(wait, 'too many scrapes from this address');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
