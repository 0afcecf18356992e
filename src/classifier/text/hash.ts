// The string hashes the feature extraction is built on. FNV-1a names a
// feature; Murmur3's finaliser spreads FNV's low-bit patterns over the bucket
// range. Seeds keep the feature families apart ("ab" the word and "ab" the
// pair must not share a bucket).

export const SEED_WORD = 0x9e3779b1;
export const SEED_BIGRAM = 0x85ebca77;
export const SEED_SHAPE = 0x27d4eb2f;

export function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finaliser. */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The hash of the pair (first, second) of word hashes. */
export function pairHash(first: number, second: number): number {
  return mix(Math.imul(first, 0x01000193) ^ second ^ SEED_BIGRAM);
}

// The start and end marks of a comment or sentence, hashed as a word would
// be but with seeds no word's hash uses.
export const START_WORD = fnv1a('<start>', 0x165667b1);
export const END_WORD = fnv1a('<end>', 0xd3a2646c);
