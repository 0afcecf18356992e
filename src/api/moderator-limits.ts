// Limits on the moderator routes (/v1/moderation, /v1/rules), applied before
// the route itself authenticates: an address that failed to authenticate too
// often is refused outright; a key that is not a moderator's counts as a
// failure of its address (the route then answers 401); a moderator's key
// takes from its own bucket. Buckets are made only for keys that resolved to
// a moderator, so requests with made-up keys cannot fill or reset them.
import type { RequestHandler } from 'express';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { tooManyFailures, type AuthFailureLimit } from './auth-failures';
import { bearerToken } from './bearer-token';
import { digestKey } from '../access/key-ring';
import { rateLimited, type RateLimiter } from './rate-limit';

export function moderatorLimits(directory: ModeratorDirectory, perKey: RateLimiter, failures: AuthFailureLimit | undefined, onLimited: () => void): RequestHandler {
  return async (req, _res, next) => {
    const wait = failures?.waitFor(req) ?? 0;
    if (wait > 0) return next(tooManyFailures(wait));
    const token = bearerToken(req.headers.authorization);
    // The directory caches answers, so the route's own lookup right after is a map read.
    const moderator = token ? await directory.resolve(token) : null;
    if (!moderator) {
      failures?.failed(req);
      return next();
    }
    const limited = perKey.take(digestKey(token!));
    if (limited === 0) return next();
    onLimited();
    next(rateLimited(limited, 'too many requests for this key'));
  };
}
