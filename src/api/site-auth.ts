// Site authentication: every /v1/comments request carries a site key.
import type { RequestHandler } from 'express';
import { ApiError } from './errors';
import { bearerToken, type KeyRing } from './key-ring';

declare module 'express-serve-static-core' {
  interface Request {
    /** The site whose key authenticated this request. */
    site?: string;
  }
}

export function requireSiteKey(sites: KeyRing<string>): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      return next(new ApiError(401, 'missing_api_key', 'send the site key as "Authorization: Bearer <key>"', null, { 'WWW-Authenticate': 'Bearer' }));
    }
    const site = sites.lookup(token);
    if (!site) return next(new ApiError(401, 'invalid_api_key', 'the site key is not valid', null, { 'WWW-Authenticate': 'Bearer' }));
    req.site = site;
    next();
  };
}
