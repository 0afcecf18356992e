// Stable hashes of normalised text and identities, for duplicate and flood
// history. Two comments that differ only in case, spacing, punctuation or
// evasion characters get the same text hash.
//
// These run on every comment, so they are a non-cryptographic 64-bit hash
// computed in one pass (SHA-256 plus a regex cost a fifth of the engine's
// time). Collisions only merge two histories; 64 bits make that negligible.

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Two 32-bit multiply-xorshift lanes over UTF-16 units, as 16 hex digits. */
class Hash64 {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;

  add(code: number): void {
    this.h1 = Math.imul(this.h1 ^ code, 0x85ebca6b);
    this.h2 = Math.imul(this.h2 ^ code, 0xc2b2ae35);
  }

  hex(): string {
    let a = this.h1 ^ (this.h2 >>> 15);
    let b = this.h2 ^ (this.h1 >>> 13);
    a = Math.imul(a ^ (a >>> 16), 0x2c1b3c6d);
    b = Math.imul(b ^ (b >>> 16), 0x297a2d39);
    a ^= a >>> 15;
    b ^= b >>> 15;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}

export function hash16(value: string): string {
  const h = new Hash64();
  for (let i = 0; i < value.length; i++) h.add(value.charCodeAt(i));
  return h.hex();
}

/** Hash of the letters and digits of normalised text, ignoring everything else. */
export function textFingerprint(normalizedText: string): string {
  const h = new Hash64();
  for (let i = 0; i < normalizedText.length; i++) {
    const c = normalizedText.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) h.add(c);
      continue;
    }
    // Non-ASCII: one code point at a time (surrogate pairs together).
    const cp = normalizedText.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (LETTER_OR_DIGIT.test(ch)) for (let k = 0; k < ch.length; k++) h.add(ch.charCodeAt(k));
    if (cp > 0xffff) i++;
  }
  return h.hex();
}

/** Hash of an identity value (author name, email, IP), case- and space-insensitive. */
export function identityFingerprint(value: string): string {
  return hash16(value.trim().toLowerCase().replace(/\s+/g, ' '));
}
