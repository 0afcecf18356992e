// Moderator authentication and roles, separate from site keys: a site key
// never reaches a moderation endpoint, and a moderator key never submits.
import type { RequestHandler } from 'express';
import { ApiError } from './errors';
import { bearerToken, KeyRing } from './key-ring';

export type Role = 'viewer' | 'moderator' | 'admin';
const ROLE_RANK: Record<Role, number> = { viewer: 0, moderator: 1, admin: 2 };

export interface Moderator {
  name: string;
  role: Role;
  /** Sites this moderator may see and act on; null means every site. */
  sites: string[] | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    moderator?: Moderator;
  }
}

export const mayAccessSite = (m: Moderator, site: string): boolean => m.sites === null || m.sites.includes(site);

export function moderatorRingFromConfig(entries: Array<{ name: string; key: string; role: Role; sites: string[] | null }>): KeyRing<Moderator> {
  const ring = new KeyRing<Moderator>();
  for (const { name, key, role, sites } of entries) ring.add(key, { name, role, sites });
  return ring;
}

/** Authenticates a moderator key and requires at least `minRole`. */
export function requireModerator(ring: KeyRing<Moderator>, minRole: Role): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      return next(new ApiError(401, 'missing_api_key', 'send a moderator key as "Authorization: Bearer <key>"', null, { 'WWW-Authenticate': 'Bearer' }));
    }
    const moderator = ring.lookup(token);
    if (!moderator) return next(new ApiError(401, 'invalid_api_key', 'the moderator key is not valid', null, { 'WWW-Authenticate': 'Bearer' }));
    if (ROLE_RANK[moderator.role] < ROLE_RANK[minRole]) {
      return next(new ApiError(403, 'forbidden', `this action needs the ${minRole} role; "${moderator.name}" is ${moderator.role}`));
    }
    req.moderator = moderator;
    next();
  };
}
