// Stemming and hashing a word are the costliest steps per token, and
// comments reuse a small vocabulary. A bounded open-addressing table maps a
// word to what the features need of it (its stem's hash, its hash as the
// sentence models see it, its row in the word-vector table, a few flags),
// keyed by two independent hashes of its characters and its length (64 bits
// and more: a false match is far less likely than the feature-hash
// collisions the models live with), so a word seen before costs one probe
// and no new string. Cleared wholesale when half full (no LRU bookkeeping);
// the epoch counts the clearings, so slot numbers taken before one are known
// to be stale.
import { randomBytes } from 'node:crypto';
import { porterStem } from '../natural-parts';
import { fnv1a, SEED_WORD } from './hash';
import { STOP_WORDS } from './stop-words';

/** What the sentence models need to know about words besides their letters. */
export interface Vocabulary {
  /** A stable name of the vocabulary, for sharing tables between scorers. */
  key: string;
  /** Words that name an identity group: the sentence models see each as IDENTITY_WORD. */
  identityWords: ReadonlySet<string>;
  /** Two-word identity terms by their first word ("middle" -> "eastern", "aged"). */
  identityPairs: ReadonlyMap<string, ReadonlySet<string>>;
  /** Row of a word in the word-vector table, or -1. */
  vectorRow(word: string): number;
  /** The row every identity word shares. */
  identityRow: number;
}

export const PLAIN_VOCABULARY: Vocabulary = { key: 'plain', identityWords: new Set(), identityPairs: new Map(), vectorRow: () => -1, identityRow: -1 };

/** The word every identity term becomes for the sentence models. */
export const IDENTITY_WORD = 'xxidentity';
export const IDENTITY_HASH = fnv1a(IDENTITY_WORD, SEED_WORD);

const TABLE_BITS = 15;
export const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_MASK = TABLE_SIZE - 1;
const TABLE_LIMIT = TABLE_SIZE >> 1;
/** Int32s per slot: first hash, second hash, length and flags (0: empty), stem hash, masked hash, vector row. */
export const STRIDE = 6;
export const F_H = 0;
export const F_H2 = 1;
export const F_LENGTH = 2;
export const F_STEM = 3;
export const F_MASKED = 4;
export const F_ROW = 5;
export const LENGTH_MASK = (1 << 20) - 1;
export const APOSTROPHE = 1 << 20;
export const STOP = 1 << 21;
export const IDENTITY = 1 << 22;
/** The first word of a two-word identity term. */
export const PAIR_HEAD = 1 << 23;

// The table's keys are seeded per process, so nobody can work out offline two
// words whose keys collide and plant one to stand for the other in the cache.
// (Only where a word sits in the table depends on them; features do not.)
export const KEY_SEED = randomBytes(4).readInt32LE(0);
export const KEY_SEED2 = randomBytes(4).readInt32LE(0);

const HAS_DIGIT = /\d/;

function stem(token: string): string {
  return token.length > 2 && token.length < 25 && !HAS_DIGIT.test(token) ? porterStem(token) : token;
}

/** The first of the two table keys of a word (see WordTable.slot). */
export function charHash(word: string): number {
  let h = KEY_SEED;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
}

const tables = new Map<string, WordTable>();

export class WordTable {
  readonly data = new Int32Array(TABLE_SIZE * STRIDE);
  /** Per slot, the word itself: read to explain a score and for the rare word with apostrophes. */
  readonly words: Array<string | undefined> = new Array<string | undefined>(TABLE_SIZE).fill(undefined);
  private count = 0;
  epoch = 0;

  constructor(readonly vocabulary: Vocabulary) {}

  /** One table per vocabulary, shared by every scorer that uses it. */
  static for(vocabulary: Vocabulary): WordTable {
    let table = tables.get(vocabulary.key);
    if (!table) {
      table = new WordTable(vocabulary);
      tables.set(vocabulary.key, table);
    }
    return table;
  }

  /** The slot of text[start, end) in lower case: found, or filled. */
  slotOfText(text: string, start: number, end: number): number {
    let h = KEY_SEED;
    let h2 = KEY_SEED2;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c |= 32;
      h = Math.imul(h ^ c, 0x01000193);
      h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    return this.slot(h, h2, text, start, end);
  }

  /** The slot of the word text[start, end) whose two character hashes are h and h2. */
  slot(h: number, h2: number, text: string, start: number, end: number): number {
    const data = this.data;
    const length = end - start;
    let s = Math.imul(h, 0x9e3779b1) >>> (32 - TABLE_BITS);
    for (;;) {
      const at = s * STRIDE;
      const stored = data[at + F_LENGTH]!;
      if (stored === 0) break;
      if (data[at] === h && data[at + F_H2] === h2 && (stored & LENGTH_MASK) === length) return s;
      s = (s + 1) & TABLE_MASK;
    }
    if (this.count >= TABLE_LIMIT) {
      data.fill(0);
      this.words.fill(undefined);
      this.count = 0;
      this.epoch++;
      s = Math.imul(h, 0x9e3779b1) >>> (32 - TABLE_BITS);
    }
    const word = (start === 0 && end === text.length ? text : text.slice(start, end)).toLowerCase();
    this.fill(s, h, h2, word);
    return s;
  }

  private fill(s: number, h: number, h2: number, word: string): void {
    const v = this.vocabulary;
    const at = s * STRIDE;
    const stemHash = fnv1a(stem(word), SEED_WORD);
    const identity = v.identityWords.has(word);
    let flags = word.length;
    if (word.includes("'")) flags |= APOSTROPHE;
    if (STOP_WORDS.has(word)) flags |= STOP;
    if (identity) flags |= IDENTITY;
    if (v.identityPairs.has(word)) flags |= PAIR_HEAD;
    this.data[at] = h;
    this.data[at + F_H2] = h2;
    this.data[at + F_LENGTH] = flags;
    this.data[at + F_STEM] = stemHash;
    this.data[at + F_MASKED] = identity ? IDENTITY_HASH : stemHash;
    this.data[at + F_ROW] = identity ? v.identityRow : v.vectorRow(word);
    this.words[s] = word;
    this.count++;
  }
}
