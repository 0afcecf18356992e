// Text to a sparse, hashed feature vector: stemmed word unigrams and bigrams
// (natural's tokenizer and Porter stemmer), character n-grams inside each word
// (they survive misspellings and partial masking such as "sh1tty" or
// "f*cking"), and a few shape features (URLs, long numbers, shouting). One
// extraction feeds every label's model, so a comment is tokenised once.
//
// Hashing (rather than a stored vocabulary) keeps the model files to a weight
// array and lets the scorer skip building feature strings; the words behind the
// hashes are recovered only when a reason needs its evidence.
import { porterStem } from './natural-parts';
import { wordTokenizer } from './natural-parts';

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  hashBits: number;
  /** Character n-gram lengths, inside "<word>" with boundary marks. */
  charNgramMin: number;
  charNgramMax: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = { hashBits: 18, charNgramMin: 3, charNgramMax: 4 };

export function sameFeatureConfig(a: FeatureConfig, b: FeatureConfig): boolean {
  return a.hashBits === b.hashBits && a.charNgramMin === b.charNgramMin && a.charNgramMax === b.charNgramMax;
}

/** Unique bucket indices with their values; each feature family has unit L2 norm. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Where each emitted feature came from, for explanations: a token index, or -1 for shape features. */
export interface ExplainedFeatures {
  tokens: string[];
  /** Parallel arrays, one entry per emission (before merging duplicates). */
  emittedIndex: number[];
  emittedToken: number[];
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|ly|co|tk|ru|io|me|us|uk|tv)\b\S*/g;
const MENTION_PATTERN = /(^|\s)@\w+/g;
const LONG_NUMBER_PATTERN = /\d[\d\s-]{4,}\d/g;
const COMBINING_MARKS = /\p{M}/gu;
const INVISIBLES = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;

/** Case-folded, NFKC, marks and invisibles removed, with URLs, @mentions and long numbers marked. */
export function canonicalText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(INVISIBLES, '')
    .replace(URL_PATTERN, ' xxurl $& ')
    .replace(MENTION_PATTERN, '$1 xxmention ')
    .replace(LONG_NUMBER_PATTERN, ' xxnumber $& ');
}

/** Normalised text used to find duplicates across corpora and folds. */
export function dedupeKey(text: string): string {
  return canonicalText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// Feature families get different hash seeds so "ab" the word and "ab" the n-gram differ.
const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca77;
const SEED_CHAR = 0xc2b2ae3d;
const SEED_SHAPE = 0x27d4eb2f;

function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finaliser: spreads FNV's low-bit patterns over the bucket range. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Stemming is the costliest step; comments reuse a small vocabulary, so a
// bounded cache makes it nearly free. Cleared wholesale when full (simple, no LRU bookkeeping).
const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();
function stem(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    s = token.length > 2 && token.length < 25 && !/\d/.test(token) ? porterStem(token) : token;
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(token, s);
  }
  return s;
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of wordTokenizer.tokenize(canonicalText(text))) {
    const token = raw.replace(/^'+|'+$/g, '');
    if (token) out.push(token);
  }
  return out;
}

/** Shape features, from the original text (case and punctuation matter here). */
function shapeFeatures(original: string, tokenCount: number): string[] {
  const names: string[] = [`len:${Math.min(8, Math.floor(Math.log2(tokenCount + 1)))}`];
  let upper = 0;
  let letters = 0;
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
  }
  if (letters >= 8) names.push(`caps:${Math.round((upper / letters) * 4)}`);
  const exclaims = original.split('!').length - 1;
  if (exclaims > 0) names.push(`bang:${Math.min(3, exclaims)}`);
  return names;
}

interface Emissions {
  word: number[];
  char: number[];
  shape: number[];
  /** Token of origin per emission, same order as word then char then shape; only when explaining. */
  origin: number[] | null;
}

function emit(text: string, config: FeatureConfig, explain: boolean): { tokens: string[]; e: Emissions } {
  const tokens = tokenize(text);
  const mask = (1 << config.hashBits) - 1;
  const e: Emissions = { word: [], char: [], shape: [], origin: explain ? [] : null };
  const wordOrigin: number[] = [];
  const charOrigin: number[] = [];
  let previous = -1;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    const unigram = fnv1a(stem(token), SEED_WORD);
    e.word.push(mix(unigram) & mask);
    if (explain) wordOrigin.push(t);
    if (previous >= 0) {
      e.word.push(mix(Math.imul(previous, 0x01000193) ^ unigram ^ SEED_BIGRAM) & mask);
      // A bigram is credited to its second word; the first already has its own unigram.
      if (explain) wordOrigin.push(t);
    }
    previous = unigram;
    // Character n-grams over "<token>", hashed incrementally: no substrings are built.
    const n = token.length + 2;
    for (let start = 0; start < n; start++) {
      let h = (0x811c9dc5 ^ SEED_CHAR) >>> 0;
      for (let len = 1; len <= config.charNgramMax && start + len <= n; len++) {
        const pos = start + len - 1;
        const code = pos === 0 ? 60 : pos === n - 1 ? 62 : token.charCodeAt(pos - 1);
        h = Math.imul(h ^ code, 0x01000193) >>> 0;
        if (len >= config.charNgramMin) {
          e.char.push(mix(h) & mask);
          if (explain) charOrigin.push(t);
        }
      }
    }
  }
  for (const name of shapeFeatures(text, tokens.length)) e.shape.push(mix(fnv1a(name, SEED_SHAPE)) & mask);
  if (/xxurl/.test(tokens.join(' '))) e.shape.push(mix(fnv1a('has:url', SEED_SHAPE)) & mask);
  if (e.origin) e.origin.push(...wordOrigin, ...charOrigin, ...e.shape.map(() => -1));
  return { tokens, e };
}

// A small open-addressing table (bucket -> slot) reused across calls: it stays
// in the CPU cache, where arrays indexed by bucket (megabytes) missed on
// almost every access and dominated the cost of extraction.
class BucketTable {
  keys = new Int32Array(4096).fill(-1);
  counts = new Uint32Array(4096);
  sums = new Float64Array(4096);
  /** Slots in first-use order, so output order is deterministic. */
  used = new Int32Array(4096);
  usedCount = 0;

  /** Room for `n` more keys at no more than half load. */
  reserve(n: number): void {
    if ((this.usedCount + n) * 2 <= this.keys.length) return;
    let size = this.keys.length;
    while ((this.usedCount + n) * 2 > size) size *= 2;
    const old = { keys: this.keys, counts: this.counts, sums: this.sums, used: this.used.subarray(0, this.usedCount) };
    this.keys = new Int32Array(size).fill(-1);
    this.counts = new Uint32Array(size);
    this.sums = new Float64Array(size);
    this.used = new Int32Array(size);
    this.usedCount = 0;
    for (const slot of old.used) {
      const s = this.slot(old.keys[slot]!);
      this.counts[s] = old.counts[slot]!;
      this.sums[s] = old.sums[slot]!;
    }
  }

  slot(key: number): number {
    const mask = this.keys.length - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (this.keys[s] !== -1 && this.keys[s] !== key) s = (s + 1) & mask;
    if (this.keys[s] === -1) {
      this.keys[s] = key;
      this.used[this.usedCount++] = s;
    }
    return s;
  }

  clear(): void {
    for (let k = 0; k < this.usedCount; k++) {
      const s = this.used[k]!;
      this.keys[s] = -1;
      this.counts[s] = 0;
      this.sums[s] = 0;
    }
    this.usedCount = 0;
  }
}
const table = new BucketTable();

/** Adds one family's emissions to the sums as (1 + ln count), scaled to unit L2 norm. */
function addGroup(emitted: number[], groupWeight: number): void {
  if (emitted.length === 0) return;
  table.reserve(emitted.length);
  const groupSlots: number[] = [];
  for (let k = 0; k < emitted.length; k++) {
    const s = table.slot(emitted[k]!);
    if (table.counts[s] === 0) groupSlots.push(s);
    table.counts[s]!++;
  }
  let norm = 0;
  for (const s of groupSlots) {
    const v = 1 + Math.log(table.counts[s]!);
    norm += v * v;
  }
  const scale = groupWeight / Math.sqrt(norm);
  for (const s of groupSlots) {
    // Another family may share this bucket (a hash collision): the values add up.
    table.sums[s]! += (1 + Math.log(table.counts[s]!)) * scale;
    table.counts[s] = 0;
  }
}

// Shape features carry less weight than the words: they are hints, not content.
const GROUP_WEIGHTS = { word: 1, char: 1, shape: 0.5 };

function toVector(e: Emissions): SparseVector {
  addGroup(e.word, GROUP_WEIGHTS.word);
  addGroup(e.char, GROUP_WEIGHTS.char);
  addGroup(e.shape, GROUP_WEIGHTS.shape);
  // First-use order, not sorted: it is deterministic, and sorting cost more than the rest of extraction.
  const n = table.usedCount;
  const indices = new Int32Array(n);
  const values = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const s = table.used[k]!;
    indices[k] = table.keys[s]!;
    values[k] = table.sums[s]!;
  }
  table.clear();
  return { indices, values };
}

export function extractFeatures(text: string, config: FeatureConfig): SparseVector {
  return toVector(emit(text, config, false).e);
}

/** The vector plus, for each emission, the token it came from: used to name the words behind a score. */
export function extractExplained(text: string, config: FeatureConfig): { vector: SparseVector; explained: ExplainedFeatures } {
  const { tokens, e } = emit(text, config, true);
  return {
    vector: toVector(e),
    explained: { tokens, emittedIndex: [...e.word, ...e.char, ...e.shape], emittedToken: e.origin! },
  };
}
