// The site keys the service accepts: SITE_KEYS, or on the embedded database
// with none configured, a development key for site "default", generated once
// and kept in the data directory so it survives restarts.
import { KeyRing } from '../access/key-ring';
import { secretInDataDir } from './data-dir-secret';

export interface SiteKeySetup {
  ring: KeyRing<string>;
  /** Set when a development key was generated or reused: print it for the developer. */
  developmentKey?: string;
}

export function siteKeysFromConfig(pairs: Array<{ site: string; key: string }>, opts: { embedded: boolean; dataDir: string }): SiteKeySetup {
  const ring = new KeyRing<string>();
  for (const { site, key } of pairs) ring.add(key, site);
  if (ring.size > 0 || !opts.embedded) return { ring };

  const key = secretInDataDir(opts.dataDir, 'dev-site-key', 'dev-');
  ring.add(key, 'default');
  return { ring, developmentKey: key };
}
