// Authentication for /v1/moderation: a moderator key (from MODERATOR_KEYS or
// `moderate keys`) with at least the route's role. Site keys are not moderator
// keys, so they get 401 here; a known moderator below the role gets 403.
import type { RequestHandler } from 'express';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { ApiError } from './errors';
import { bearerToken } from './bearer-token';
import { mayAccessSite, type Moderator, type Role } from '../access/moderators';

const RANK: Record<Role, number> = { viewer: 0, moderator: 1, admin: 2 };

export function requireModeratorRole(directory: ModeratorDirectory, minRole: Role): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      throw new ApiError(401, 'missing_api_key', 'send a moderator key as "Authorization: Bearer <key>"', null, { 'WWW-Authenticate': 'Bearer' });
    }
    const moderator = await directory.resolve(token);
    if (!moderator) throw new ApiError(401, 'invalid_api_key', 'the moderator key is not valid', null, { 'WWW-Authenticate': 'Bearer' });
    if (RANK[moderator.role] < RANK[minRole]) {
      throw new ApiError(403, 'forbidden', `this action needs the ${minRole} role; "${moderator.name}" is ${moderator.role}`);
    }
    req.moderator = moderator;
    next();
  };
}

/** 403 when a site named in the request is outside the moderator's sites. */
export function assertSiteAllowed(moderator: Moderator, site: string | undefined): void {
  if (site !== undefined && !mayAccessSite(moderator, site)) {
    throw new ApiError(403, 'site_forbidden', `"${moderator.name}" may not see site "${site}"`, { site });
  }
}

/** The sites a query covers: the named one, or every site the moderator may see (null: all sites). */
export function sitesInView(moderator: Moderator, site: string | undefined): readonly string[] | null {
  assertSiteAllowed(moderator, site);
  if (site !== undefined) return [site];
  return moderator.sites;
}

/** The site filter for a query: the named site, or every site the moderator may see. */
export function siteFilter(moderator: Moderator, site: string | undefined): Record<string, unknown> {
  const sites = sitesInView(moderator, site);
  if (site !== undefined) return { site };
  return sites === null ? {} : { site: { $in: sites } };
}
