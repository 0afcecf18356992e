// The site keys the service accepts: SITE_KEYS, or on the embedded database
// with none configured, a development key for site "default", generated once
// and kept in the data directory so it survives restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KeyRing } from '../api/key-ring';

export interface SiteKeySetup {
  ring: KeyRing<string>;
  /** Set when a development key was generated or reused: print it for the developer. */
  developmentKey?: string;
}

export function siteKeysFromConfig(pairs: Array<{ site: string; key: string }>, opts: { embedded: boolean; dataDir: string }): SiteKeySetup {
  const ring = new KeyRing<string>();
  for (const { site, key } of pairs) ring.add(key, site);
  if (ring.size > 0 || !opts.embedded) return { ring };

  const file = path.join(opts.dataDir, 'dev-site-key');
  let key = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!key) {
    key = `dev-${randomBytes(18).toString('base64url')}`;
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
  }
  ring.add(key, 'default');
  return { ring, developmentKey: key };
}
