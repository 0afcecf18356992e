// A request id on every request (X-Request-Id, echoed back) and one
// structured log line per request with its route, status and duration.
// Never logged: keys, bodies, full IP addresses.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logger';
import type { ServiceMetrics } from './metrics';

declare module 'express-serve-static-core' {
  interface Request {
    id?: string;
    log?: Logger;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The route pattern (bounded label values), not the raw path. */
function routeOf(req: Parameters<RequestHandler>[0]): string {
  const route = (req as { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched';
}

export function requestLog(logger: Logger, metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      metrics.requests.inc({ method: req.method, route, status: res.statusCode });
      metrics.latency.observe({ method: req.method, route }, seconds);
      if (res.statusCode === 503) metrics.databaseErrors.inc();
      req.log!.info({ method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10 }, 'request');
    });
    next();
  };
}
