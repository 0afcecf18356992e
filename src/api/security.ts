// Security headers (helmet) and CORS. CORS is off unless CORS_ORIGINS names
// the sites' origins allowed to call the API from a browser.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/**
 * Helmet's headers, with `upgrade-insecure-requests` only for a page that
 * came over HTTPS (req.secure: directly, or through a proxy TRUST_PROXY
 * trusts): over plain HTTP at a LAN address or a compose host name it made
 * the browser fetch the console's scripts and styles over https, which
 * failed, and the page stayed unstyled with a dead sign-in.
 */
export function securityHeaders(): RequestHandler {
  const common = { crossOriginResourcePolicy: { policy: 'same-site' as const } };
  const overHttps = helmet({ ...common, contentSecurityPolicy: { directives: { ...DIRECTIVES, upgradeInsecureRequests: [] } } });
  const overHttp = helmet({ ...common, contentSecurityPolicy: { directives: { ...DIRECTIVES, upgradeInsecureRequests: null } } });
  return (req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next);
}

export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) {
      // Not an allowed origin: no CORS headers, so browsers keep the response from the page.
      if (req.method === 'OPTIONS' && origin) return res.status(204).end();
      return next();
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
      return res.status(204).end();
    }
    next();
  };
}
