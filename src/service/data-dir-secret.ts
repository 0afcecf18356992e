// Secrets the embedded database's default set-up generates once and keeps in
// the data directory (readable by the service's user only), so they survive
// restarts: the development site key and the personal-data key.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The secret kept in DATA_DIR/<file>, generated as `prefix` + 24 random bytes the first time. */
export function secretInDataDir(dataDir: string, file: string, prefix = ''): string {
  const at = path.join(dataDir, file);
  let secret = existsSync(at) ? readFileSync(at, 'utf8').trim() : '';
  if (!secret) {
    secret = `${prefix}${randomBytes(24).toString('base64url')}`;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(at, `${secret}\n`, { mode: 0o600 });
  }
  return secret;
}
