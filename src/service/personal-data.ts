// Privacy at rest: with HASH_PERSONAL_DATA on, IPs and emails are stored as
// keyed digests, HMAC-SHA256 under a secret the operator sets
// (PERSONAL_DATA_KEY). A plain SHA-256 of an IPv4 address is no protection:
// there are only 2^32 addresses, and hashing them all to find one takes
// minutes. Without the key a digest cannot be reversed that way; with it,
// the same address always gives the same digest, so duplicate and flood
// history work on digests as they did on values.
//
// Every write path that keeps an email or IP takes it through `protect`:
// comments, their history keys (the engine sees the digests, not the values)
// and feedback from Akismet's submit-spam / submit-ham.
import { createHmac } from 'node:crypto';
import type { CommentInput } from '../moderation/types';
import { secretInDataDir } from './data-dir-secret';

/** Marks a stored value as a keyed digest (values stored before keying start with "sha256:"). */
export const DIGEST_PREFIX = 'hmac-sha256:';
export const MIN_KEY_LENGTH = 32;

export class PersonalDataProtection {
  constructor(private readonly key: string) {
    if (key.length < MIN_KEY_LENGTH) throw new Error(`the personal-data key must be at least ${MIN_KEY_LENGTH} characters`);
  }

  /** The keyed digest of an email or IP, case- and edge-space-insensitive. */
  digest(value: string): string {
    return `${DIGEST_PREFIX}${createHmac('sha256', this.key).update(value.trim().toLowerCase()).digest('hex')}`;
  }

  /** The input with its IP and email replaced by their digests. */
  protect<T extends Pick<CommentInput, 'ip' | 'email'>>(input: T): T {
    return {
      ...input,
      ...(input.ip !== undefined && { ip: this.digest(input.ip) }),
      ...(input.email !== undefined && { email: this.digest(input.email) }),
    };
  }
}

/**
 * The key for HASH_PERSONAL_DATA: PERSONAL_DATA_KEY, or on the embedded
 * database (one instance) one generated once and kept in DATA_DIR. With
 * MONGODB_URI every instance must hash with the same key, so the operator
 * has to set it.
 */
export function personalDataKey(configured: string | undefined, opts: { embedded: boolean; dataDir: string }): string {
  if (configured) return configured;
  if (!opts.embedded) throw new Error('HASH_PERSONAL_DATA=true with MONGODB_URI needs PERSONAL_DATA_KEY (at least 32 characters, the same on every instance)');
  return secretInDataDir(opts.dataDir, 'personal-data-key');
}
