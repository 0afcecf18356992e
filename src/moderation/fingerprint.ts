// Stable hashes of normalised text and identities, for duplicate and flood
// history. Two comments that differ only in case, spacing, punctuation or
// evasion characters get the same text hash.
//
// These run on every comment, so they are a non-cryptographic 64-bit hash
// computed in one pass (SHA-256 plus a regex cost a fifth of the engine's
// time). Collisions only merge two histories; 64 bits make that negligible.

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

// Two 32-bit multiply-xorshift lanes over UTF-16 units, kept in local
// variables by each loop below: lanes held in an object's fields made the
// text fingerprint cost 8 ns a character.
const SEED1 = 0x811c9dc5;
const SEED2 = 0x01000193;
const MUL1 = 0x85ebca6b;
const MUL2 = 0xc2b2ae35;

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const hex8 = (x: number) => HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;

/** The lanes' final mix, as 16 hex digits. */
function finish(h1: number, h2: number): string {
  let a = h1 ^ (h2 >>> 15);
  let b = h2 ^ (h1 >>> 13);
  a = Math.imul(a ^ (a >>> 16), 0x2c1b3c6d);
  b = Math.imul(b ^ (b >>> 16), 0x297a2d39);
  a ^= a >>> 15;
  b ^= b >>> 15;
  return hex8(a) + hex8(b);
}

export function hash16(value: string): string {
  let h1 = SEED1;
  let h2 = SEED2;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, MUL1);
    h2 = Math.imul(h2 ^ c, MUL2);
  }
  return finish(h1, h2);
}

/**
 * Hash of the letters and digits of normalised text, ignoring everything
 * else. `ascii` says the text has no character outside ASCII (the normaliser
 * knows): such text gets a loop of its own, which V8 then only ever sees
 * one-byte strings in, and that halves its cost (1.9 to 1.1 us per 40-word
 * comment on the benchmark mix, where one comment in eight is not ASCII; then
 * 0.48 us without its branch).
 */
export function textFingerprint(normalizedText: string, ascii = false): string {
  return ascii ? asciiFingerprint(normalizedText) : anyFingerprint(normalizedText);
}

// Per ASCII code: all ones for a letter or digit (hashed), zero otherwise (skipped).
const KEEP = new Int32Array(128);
for (let c = 0x30; c <= 0x39; c++) KEEP[c] = -1;
for (let c = 0x41; c <= 0x5a; c++) KEEP[c] = -1;
for (let c = 0x61; c <= 0x7a; c++) KEEP[c] = -1;

/**
 * Every character is mixed in and the mask keeps or drops the result, with
 * no branch: a branch on "letter or digit?" is mispredicted at every word's
 * edges, and that made this loop twice as slow (0.97 against 0.48 us per
 * 40-word comment). The hashes are the general loop's, bit for bit.
 */
function asciiFingerprint(text: string): string {
  let h1 = SEED1;
  let h2 = SEED2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const keep = KEEP[c]!;
    h1 = (Math.imul(h1 ^ c, MUL1) & keep) | (h1 & ~keep);
    h2 = (Math.imul(h2 ^ c, MUL2) & keep) | (h2 & ~keep);
  }
  return finish(h1, h2);
}

function anyFingerprint(normalizedText: string): string {
  let h1 = SEED1;
  let h2 = SEED2;
  for (let i = 0; i < normalizedText.length; i++) {
    const c = normalizedText.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) {
        h1 = Math.imul(h1 ^ c, MUL1);
        h2 = Math.imul(h2 ^ c, MUL2);
      }
      continue;
    }
    // Non-ASCII: one code point at a time (surrogate pairs together).
    const cp = normalizedText.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (LETTER_OR_DIGIT.test(ch)) {
      for (let k = 0; k < ch.length; k++) {
        h1 = Math.imul(h1 ^ ch.charCodeAt(k), MUL1);
        h2 = Math.imul(h2 ^ ch.charCodeAt(k), MUL2);
      }
    }
    if (cp > 0xffff) i++;
  }
  return finish(h1, h2);
}

/** Hash of an identity value (author name, email, IP), case- and space-insensitive. */
export function identityFingerprint(value: string): string {
  return hash16(value.trim().toLowerCase().replace(/\s+/g, ' '));
}
