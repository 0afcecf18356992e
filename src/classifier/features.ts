// Text to a sparse, hashed feature vector: stemmed word unigrams and bigrams
// (Porter stemmer from natural) and a few shape features (length, shouting,
// exclamation marks, links). One extraction feeds every label's model, so a
// comment is tokenised once.
//
// Character n-grams inside words are still supported (charNgramMax > 0) but
// off by default: measured on Davidson and the YouTube videos they added
// nothing over words and bigrams, cost four times the extraction time, and
// made innocent names ("Dick Van Dyke", "Cockburn") score like the tweets
// that share their letters.
//
// Hashing (rather than a stored vocabulary) keeps the model files to a weight
// array and lets the scorer skip building feature strings; the words behind the
// hashes are recovered only when a reason needs its evidence.
import { porterStem } from './natural-parts';

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  hashBits: number;
  /** Character n-gram lengths, inside "<word>" with boundary marks; none when charNgramMax < charNgramMin. */
  charNgramMin: number;
  charNgramMax: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = { hashBits: 18, charNgramMin: 3, charNgramMax: 0 };

export function sameFeatureConfig(a: FeatureConfig, b: FeatureConfig): boolean {
  return a.hashBits === b.hashBits && a.charNgramMin === b.charNgramMin && a.charNgramMax === b.charNgramMax;
}

/** Unique bucket indices with their values; each feature family has unit L2 norm. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/**
 * What explanation needs, per word or char-n-gram emission: its bucket, the
 * token it came from, and its share of the feature's value (the value divided
 * by how many emissions made the feature). Shape features belong to no word
 * and are left out.
 */
export interface ExplainedFeatures {
  tokens: string[];
  count: number;
  bucket: Int32Array;
  token: Int32Array;
  share: Float64Array;
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|ly|co|tk|ru|io|me|us|uk|tv)\b\S*/g;
const MENTION_PATTERN = /(^|\s)@\w+/g;
const LONG_NUMBER_PATTERN = /\d[\d\s-]{4,}\d/g;
const COMBINING_MARKS = /\p{M}/gu;
const INVISIBLES = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const HAS_DIGIT = /\d/;

/** Case-folded, NFKC, marks and invisibles removed, with URLs, @mentions and long numbers marked. */
export function canonicalText(text: string): string {
  // Plain ASCII needs no Unicode normalisation; each marker pattern runs only
  // when the character it needs is present (most comments have no link).
  let s = NON_ASCII.test(text) ? text.normalize('NFKD').replace(COMBINING_MARKS, '').normalize('NFKC').toLowerCase().replace(INVISIBLES, '') : text.toLowerCase();
  if (s.includes('.') || s.includes('://')) s = s.replace(URL_PATTERN, ' xxurl $& ');
  if (s.includes('@')) s = s.replace(MENTION_PATTERN, '$1 xxmention ');
  if (HAS_DIGIT.test(s)) s = s.replace(LONG_NUMBER_PATTERN, ' xxnumber $& ');
  return s;
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

// Stemming and hashing a word are the costliest steps per token; comments
// reuse a small vocabulary, so a bounded cache of word -> unigram hash makes
// them nearly free. Cleared wholesale when full (no LRU bookkeeping).
const WORD_CACHE_LIMIT = 50_000;
const wordHashes = new Map<string, number>();
function stem(token: string): string {
  return token.length > 2 && token.length < 25 && !HAS_DIGIT.test(token) ? porterStem(token) : token;
}
function unigramHash(token: string): number {
  let h = wordHashes.get(token);
  if (h === undefined) {
    h = fnv1a(stem(token), SEED_WORD);
    if (wordHashes.size >= WORD_CACHE_LIMIT) wordHashes.clear();
    wordHashes.set(token, h);
  }
  return h;
}

const GAPS = /[^\p{L}\p{N}']+/u;

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || (c >= 65 && c <= 90);
}

/** Words of the canonical text: runs of letters, digits and apostrophes, with outer apostrophes dropped. */
export function tokenize(text: string): string[] {
  const canonical = canonicalText(text);
  const out: string[] = [];
  const push = (raw: string) => {
    let a = 0;
    let b = raw.length;
    while (a < b && raw.charCodeAt(a) === 39) a++;
    while (b > a && raw.charCodeAt(b - 1) === 39) b--;
    if (b > a) out.push(a === 0 && b === raw.length ? raw : raw.slice(a, b));
  };
  if (NON_ASCII.test(canonical)) {
    for (const raw of canonical.split(GAPS)) if (raw) push(raw);
    return out;
  }
  // ASCII (most comments): one scan, no regular expression.
  let start = -1;
  for (let i = 0; i <= canonical.length; i++) {
    const word = i < canonical.length && isWordCode(canonical.charCodeAt(i));
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      push(canonical.slice(start, i));
      start = -1;
    }
  }
  return out;
}

// Shape feature names are few and fixed, so their hashes are computed once.
const shapeHash = (name: string) => mix(fnv1a(name, SEED_SHAPE));
const LENGTH_HASHES = Array.from({ length: 9 }, (_, k) => shapeHash(`len:${k}`));
const CAPS_HASHES = Array.from({ length: 5 }, (_, k) => shapeHash(`caps:${k}`));
const BANG_HASHES = Array.from({ length: 4 }, (_, k) => shapeHash(`bang:${k}`));
const URL_HASH = shapeHash('has:url');

/** Shape features, from the original text (case and punctuation matter here). */
function shapeFeatures(original: string, tokenCount: number, hasUrl: boolean, out: Emitter): void {
  out.push(LENGTH_HASHES[Math.min(8, Math.floor(Math.log2(tokenCount + 1)))]!);
  let upper = 0;
  let letters = 0;
  let exclaims = 0;
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    if (c === 33) exclaims++;
  }
  if (letters >= 8) out.push(CAPS_HASHES[Math.round((upper / letters) * 4)]!);
  if (exclaims > 0) out.push(BANG_HASHES[Math.min(3, exclaims)]!);
  if (hasUrl) out.push(URL_HASH);
}

/** A growable list of bucket hashes (unmasked), reused across calls so extraction allocates little. */
class Emitter {
  items = new Int32Array(256);
  length = 0;
  push(h: number): void {
    if (this.length === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = h;
  }
}

interface Emissions {
  word: Emitter;
  char: Emitter;
  shape: Emitter;
  /** Token of origin per word and char emission, for explanations. */
  wordOrigin: Emitter;
  charOrigin: Emitter;
}

const shared: Emissions = { word: new Emitter(), char: new Emitter(), shape: new Emitter(), wordOrigin: new Emitter(), charOrigin: new Emitter() };

// The classifier scores a comment and then, when a label acts, explains it:
// the second call for the same text reuses the first one's emissions.
let lastText: string | null = null;
let lastConfig: FeatureConfig | null = null;
let lastTokens: string[] = [];
/** The text whose vector (and explanation buffers) the last fill computed. */
let lastFilled: string | null = null;

function emit(text: string, config: FeatureConfig): { tokens: string[]; e: Emissions } {
  const e = shared;
  if (text === lastText && lastConfig !== null && sameFeatureConfig(config, lastConfig)) return { tokens: lastTokens, e };
  const tokens = tokenize(text);
  e.word.length = 0;
  e.char.length = 0;
  e.shape.length = 0;
  e.wordOrigin.length = 0;
  e.charOrigin.length = 0;
  let previous = -1;
  let hasUrl = false;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token === 'xxurl') hasUrl = true;
    const unigram = unigramHash(token);
    e.word.push(mix(unigram));
    e.wordOrigin.push(t);
    if (previous >= 0) {
      e.word.push(mix(Math.imul(previous, 0x01000193) ^ unigram ^ SEED_BIGRAM));
      // A bigram is credited to its second word; the first already has its own unigram.
      e.wordOrigin.push(t);
    }
    previous = unigram;
    if (config.charNgramMax < config.charNgramMin) continue;
    // Character n-grams over "<token>", hashed incrementally: no substrings are built.
    const n = token.length + 2;
    for (let start = 0; start < n; start++) {
      let h = (0x811c9dc5 ^ SEED_CHAR) >>> 0;
      for (let len = 1; len <= config.charNgramMax && start + len <= n; len++) {
        const pos = start + len - 1;
        const code = pos === 0 ? 60 : pos === n - 1 ? 62 : token.charCodeAt(pos - 1);
        h = Math.imul(h ^ code, 0x01000193) >>> 0;
        if (len >= config.charNgramMin) {
          e.char.push(mix(h));
          e.charOrigin.push(t);
        }
      }
    }
  }
  shapeFeatures(text, tokens.length, hasUrl, e.shape);
  lastText = text;
  lastConfig = config;
  lastTokens = tokens;
  return { tokens, e };
}

// A small open-addressing table (bucket -> slot) reused across calls: it stays
// in the CPU cache, where arrays indexed by bucket (megabytes) missed on
// almost every access and dominated the cost of extraction.
class BucketTable {
  keys = new Int32Array(4096).fill(-1);
  counts = new Uint32Array(4096);
  sums = new Float64Array(4096);
  /** Per slot, its value divided by its emissions, for explanations; valid within one family. */
  shares = new Float64Array(4096);
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
    this.shares = new Float64Array(size);
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

const groupSlots = { items: new Int32Array(256) };
const emissionSlots = { items: new Int32Array(256) };

// Per word and char-n-gram emission of the last extraction: its bucket, the
// token it came from and its share of the feature's value. Filled as a side
// effect of extraction (a few stores per emission), so explaining a score
// costs no second pass over the text.
let explainedBucket = new Int32Array(512);
let explainedToken = new Int32Array(512);
let explainedShare = new Float64Array(512);

/**
 * Adds one family's emissions to the sums as (1 + ln count), scaled to unit
 * L2 norm. With `origin`, also records each emission for explanations,
 * starting at `offset`.
 */
function addGroup(emitted: Emitter, mask: number, groupWeight: number, origin: Emitter | null, offset: number): void {
  const count = emitted.length;
  if (count === 0) return;
  table.reserve(count);
  if (groupSlots.items.length < count) {
    groupSlots.items = new Int32Array(count * 2);
    emissionSlots.items = new Int32Array(count * 2);
  }
  const slots = groupSlots.items;
  const bySlot = emissionSlots.items;
  let distinct = 0;
  for (let k = 0; k < count; k++) {
    const s = table.slot(emitted.items[k]! & mask);
    bySlot[k] = s;
    if (table.counts[s] === 0) slots[distinct++] = s;
    table.counts[s]!++;
  }
  let norm = 0;
  for (let k = 0; k < distinct; k++) {
    const v = 1 + Math.log(table.counts[slots[k]!]!);
    norm += v * v;
  }
  const scale = groupWeight / Math.sqrt(norm);
  for (let k = 0; k < distinct; k++) {
    const s = slots[k]!;
    const c = table.counts[s]!;
    const value = (1 + Math.log(c)) * scale;
    // Another family may share this bucket (a hash collision): the values add up.
    table.sums[s]! += value;
    table.shares[s] = value / c;
    table.counts[s] = 0;
  }
  if (!origin) return;
  for (let k = 0; k < count; k++) {
    explainedBucket[offset + k] = emitted.items[k]! & mask;
    explainedToken[offset + k] = origin.items[k]!;
    explainedShare[offset + k] = table.shares[bySlot[k]!]!;
  }
}

// Shape features carry less weight than the words: they are hints, not content.
const GROUP_WEIGHTS = { word: 1, char: 1, shape: 0.5 };

// Output buffers reused by extractTransient: the scorer reads them at once, so
// a comment costs no new arrays.
let outIndices = new Int32Array(512);
let outValues = new Float32Array(512);

function fill(e: Emissions, config: FeatureConfig): number {
  const mask = (1 << config.hashBits) - 1;
  const explained = e.word.length + e.char.length;
  if (explainedBucket.length < explained) {
    explainedBucket = new Int32Array(explained * 2);
    explainedToken = new Int32Array(explained * 2);
    explainedShare = new Float64Array(explained * 2);
  }
  addGroup(e.word, mask, GROUP_WEIGHTS.word, e.wordOrigin, 0);
  addGroup(e.char, mask, GROUP_WEIGHTS.char, e.charOrigin, e.word.length);
  addGroup(e.shape, mask, GROUP_WEIGHTS.shape, null, 0);
  // First-use order, not sorted: it is deterministic, and sorting cost more than the rest of extraction.
  const n = table.usedCount;
  if (outIndices.length < n) {
    outIndices = new Int32Array(n * 2);
    outValues = new Float32Array(n * 2);
  }
  for (let k = 0; k < n; k++) {
    const s = table.used[k]!;
    outIndices[k] = table.keys[s]!;
    outValues[k] = table.sums[s]!;
  }
  table.clear();
  return n;
}

/**
 * The feature vector in shared buffers, valid only until the next extraction:
 * for scoring, where it is read immediately.
 */
export function extractTransient(text: string, config: FeatureConfig): SparseVector {
  const n = fill(emit(text, config).e, config);
  lastFilled = text;
  return { indices: outIndices.subarray(0, n), values: outValues.subarray(0, n) };
}

/** The feature vector in arrays of its own (training keeps many). */
export function extractFeatures(text: string, config: FeatureConfig): SparseVector {
  const x = extractTransient(text, config);
  return { indices: x.indices.slice(), values: x.values.slice() };
}

/**
 * Each word and char-n-gram emission of the text with its bucket, token and
 * share of the feature value, in shared buffers valid until the next
 * extraction: used to name the words behind a score. Right after scoring the
 * same text it costs nothing. (Where two families collide in one bucket, a
 * share covers its own family only.)
 */
export function extractExplained(text: string, config: FeatureConfig): ExplainedFeatures {
  if (text !== lastText || lastConfig === null || !sameFeatureConfig(config, lastConfig) || lastFilled !== text) extractTransient(text, config);
  const e = shared;
  return { tokens: lastTokens, count: e.word.length + e.char.length, bucket: explainedBucket, token: explainedToken, share: explainedShare };
}
