// The keys the service accepts: SITE_KEYS and MODERATOR_KEYS, or on the
// embedded database with none configured, development keys generated once and
// kept in the data directory so they survive restarts: a site key for site
// "news1" (the site every README example uses) and an admin moderator key.
import { KeyRing } from '../access/key-ring';
import { moderatorRingFromConfig, type Moderator, type Role } from '../access/moderators';
import { secretInDataDir } from './data-dir-secret';

/** The site the development site key is for. */
export const DEVELOPMENT_SITE = 'news1';

export interface KeySetup {
  sites: KeyRing<string>;
  moderators: KeyRing<Moderator>;
  /** Set when development keys were generated or reused: print them for the developer. */
  development?: { siteKey?: string; moderatorKey?: string };
}

export function keysFromConfig(
  config: { sites: Array<{ site: string; key: string }>; moderators: Array<{ name: string; key: string; role: Role; sites: string[] | null }> },
  opts: { embedded: boolean; dataDir: string },
): KeySetup {
  const sites = new KeyRing<string>();
  for (const { site, key } of config.sites) sites.add(key, site);
  const moderators = moderatorRingFromConfig(config.moderators);
  if (!opts.embedded) return { sites, moderators };
  const development: KeySetup['development'] = {};
  if (sites.size === 0) {
    development.siteKey = secretInDataDir(opts.dataDir, 'dev-site-key', 'dev-');
    sites.add(development.siteKey, DEVELOPMENT_SITE);
  }
  if (moderators.size === 0) {
    development.moderatorKey = secretInDataDir(opts.dataDir, 'dev-moderator-key', 'dev-mk-');
    moderators.add(development.moderatorKey, { name: 'developer', role: 'admin', sites: null });
  }
  return { sites, moderators, ...((development.siteKey || development.moderatorKey) && { development }) };
}
