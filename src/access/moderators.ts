// Moderators and their roles, separate from site keys: a site key never
// reaches a moderation endpoint, and a moderator key never submits. The HTTP
// side (api/moderation-access.ts) authenticates; this says who may do what.
import { KeyRing } from './key-ring';

export type Role = 'viewer' | 'moderator' | 'admin';

export interface Moderator {
  name: string;
  role: Role;
  /** Sites this moderator may see and act on; null means every site. */
  sites: string[] | null;
}

export const mayAccessSite = (m: Moderator, site: string): boolean => m.sites === null || m.sites.includes(site);

export function moderatorRingFromConfig(entries: Array<{ name: string; key: string; role: Role; sites: string[] | null }>): KeyRing<Moderator> {
  const ring = new KeyRing<Moderator>();
  for (const { name, key, role, sites } of entries) ring.add(key, { name, role, sites });
  return ring;
}
