// Site authentication: every /v1/comments request carries a site key.
import type { RequestHandler } from 'express';
import { ApiError } from './errors';
import { tooManyFailures, type AuthFailureLimit } from './auth-failures';
import { bearerToken } from './bearer-token';
import { type KeyRing } from '../access/key-ring';

declare module 'express-serve-static-core' {
  interface Request {
    /** The site whose key authenticated this request. */
    site?: string;
  }
}

/** `failures`: failed authentications counted per client address (unset: not counted). */
export function requireSiteKey(sites: KeyRing<string>, failures?: AuthFailureLimit): RequestHandler {
  return (req, _res, next) => {
    const wait = failures?.waitFor(req) ?? 0;
    if (wait > 0) return next(tooManyFailures(wait));
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      failures?.failed(req);
      return next(new ApiError(401, 'missing_api_key', 'send the site key as "Authorization: Bearer <key>"', null, { 'WWW-Authenticate': 'Bearer' }));
    }
    const site = sites.lookup(token);
    if (!site) {
      failures?.failed(req);
      return next(new ApiError(401, 'invalid_api_key', 'the site key is not valid', null, { 'WWW-Authenticate': 'Bearer' }));
    }
    req.site = site;
    next();
  };
}
