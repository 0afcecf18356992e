// Stable hashes of normalised text and identities, for duplicate and flood
// history. Two comments that differ only in case, spacing, punctuation or
// evasion characters get the same text hash.
import { createHash } from 'node:crypto';

export function hash16(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/** Hash of the letters and digits of normalised text, ignoring everything else. */
export function textFingerprint(normalizedText: string): string {
  return hash16(normalizedText.replace(/[^\p{L}\p{N}]+/gu, ''));
}

/** Hash of an identity value (author name, email, IP), case- and space-insensitive. */
export function identityFingerprint(value: string): string {
  return hash16(value.trim().toLowerCase().replace(/\s+/g, ' '));
}
