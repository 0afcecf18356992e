// Who a moderator key belongs to: keys from MODERATOR_KEYS first, then keys
// managed in the database (`moderate keys`), looked up by digest (_id) on a
// cache miss, so a key added while the service runs works at once. Answers,
// found or not, are cached briefly; a revoked key stops working within cacheMs.
import { digestKey, type KeyRing } from '../access/key-ring';
import type { Moderator } from '../access/moderators';
import type { ModeratorKeyRepository } from '../store/moderator-keys';

export interface DirectoryOptions {
  cacheMs?: number;
  now?: () => number;
}

const MAX_CACHED = 10_000;

export class ModeratorDirectory {
  private readonly cache = new Map<string, { moderator: Moderator | null; until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly keys: ModeratorKeyRepository, private readonly configured: KeyRing<Moderator> | undefined, options: DirectoryOptions = {}) {
    this.cacheMs = options.cacheMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async resolve(key: string): Promise<Moderator | null> {
    const fromConfig = this.configured?.lookup(key);
    if (fromConfig) return fromConfig;
    const digest = digestKey(key);
    const now = this.now();
    const cached = this.cache.get(digest);
    if (cached && cached.until > now) return cached.moderator;
    const doc = await this.keys.byDigest(digest);
    const moderator = doc && !doc.revokedAt ? { name: doc.name, role: doc.role, sites: doc.sites ?? null } : null;
    // Unknown keys are cached too, so guessing keys costs the database little; the map stays bounded.
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(digest, { moderator, until: now + this.cacheMs });
    return moderator;
  }
}
