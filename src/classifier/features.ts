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
import { randomBytes } from 'node:crypto';
import { porterStem } from './natural-parts';

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  hashBits: number;
  /** Character n-gram lengths, inside "<word>" with boundary marks; none when charNgramMax < charNgramMin. */
  charNgramMin: number;
  charNgramMax: number;
  /**
   * Pairs of the first word with the start of the comment and of the last
   * word with its end, as two more bigrams in the word family. Optional so model files written
   * before it existed load and score as they did (absent: off).
   */
  boundaries?: boolean;
}

// Boundaries: spam often opens with its request ("subscribe to ...", "check
// out ...", "like this comment if ...") or ends with it ("... sub to me"),
// where a reader's comment rarely does; the same words inside a sentence are
// weaker evidence. In leave-one-video-out runs they raised the spam F1 on
// every video, averaged over three seeds (MODEL_CARD.md).
export const DEFAULT_FEATURE_CONFIG: FeatureConfig = { hashBits: 18, charNgramMin: 3, charNgramMax: 0, boundaries: true };

export function sameFeatureConfig(a: FeatureConfig, b: FeatureConfig): boolean {
  return a.hashBits === b.hashBits && a.charNgramMin === b.charNgramMin && a.charNgramMax === b.charNgramMax && (a.boundaries ?? false) === (b.boundaries ?? false);
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
  /** How many distinct words the text has. */
  distinct: number;
  /**
   * The d-th distinct word in first-use order, read when asked: a reason
   * names a few words, so the rest are never fetched.
   */
  word(d: number): string;
  /** Per word of the text, the index of its distinct word. */
  ofToken: Int32Array;
  count: number;
  bucket: Int32Array;
  token: Int32Array;
  share: Float64Array;
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|ly|co|tk|ru|io|me|us|uk|tv)\b\S*/g;
/** What every link URL_PATTERN finds contains: a dot before a non-space, or "://". */
const URL_HINT = /\.\S|:\/\//;
const MENTION_PATTERN = /(^|\s)@\w+/g;
const LONG_NUMBER_PATTERN = /\d[\d\s-]{4,}\d/g;
const COMBINING_MARKS = /\p{M}/gu;
const INVISIBLES = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const HAS_DIGIT = /\d/;

/** Case-folded, NFKC, marks and invisibles removed, with URLs, @mentions and long numbers marked. */
export function canonicalText(text: string, nonAscii = NON_ASCII.test(text), linkFrom?: number): string {
  // Plain ASCII needs no Unicode normalisation; each marker pattern runs only
  // when the character it needs is present (most comments have no link).
  let s = nonAscii ? text.normalize('NFKD').replace(COMBINING_MARKS, '').normalize('NFKC').toLowerCase().replace(INVISIBLES, '') : text.toLowerCase();
  // `linkFrom` (ASCII only, where lower-casing keeps every position): no
  // link can start before it (-1: none at all), so the link pattern, the
  // costliest step, skips the text before it. See surveyText.
  if (linkFrom !== undefined && !nonAscii) {
    if (linkFrom === 0) s = s.replace(URL_PATTERN, ' xxurl $& ');
    else if (linkFrom > 0) s = s.slice(0, linkFrom) + s.slice(linkFrom).replace(URL_PATTERN, ' xxurl $& ');
  } else if (URL_HINT.test(s)) s = s.replace(URL_PATTERN, ' xxurl $& ');
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
// The start and end marks of a comment (boundaries), hashed as a word would
// be but with seeds no word's hash uses.
const START_UNIGRAM = fnv1a('<start>', 0x165667b1);
const END_UNIGRAM = fnv1a('<end>', 0xd3a2646c);

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
// reuse a small vocabulary. A bounded open-addressing table maps a word to
// its stem's hash, keyed by two independent hashes of its characters and its
// length (64 bits and more: a false match is far less likely than the
// feature-hash collisions the models live with), so a word seen before costs
// one probe into one cache line and no new string. Cleared wholesale when half
// full (no LRU bookkeeping).
const WORD_TABLE_BITS = 15;
const WORD_TABLE_SIZE = 1 << WORD_TABLE_BITS;
const WORD_TABLE_MASK = WORD_TABLE_SIZE - 1;
const WORD_TABLE_LIMIT = WORD_TABLE_SIZE >> 1;
/** The word table, per slot: [first hash, second hash, length (0: empty; +2^20 when it holds an apostrophe), stem hash]. */
const wordTable = new Int32Array(WORD_TABLE_SIZE * 4);
/** Per slot, the word itself: read only to explain a score. */
const tableWord: Array<string | undefined> = new Array<string | undefined>(WORD_TABLE_SIZE).fill(undefined);
const APOSTROPHE_FLAG = 1 << 20;
// The table's keys are seeded per process, so nobody can work out offline two
// words whose keys collide and plant one to stand for the other in the cache.
// (Only where a word sits in the table depends on them; features do not.)
const WORD_KEY_SEED = randomBytes(4).readInt32LE(0);
const WORD_KEY_SEED2 = randomBytes(4).readInt32LE(0);
let tableCount = 0;
/** Counts the clearings, so slot numbers recorded before one are known to be stale. */
let tableEpoch = 0;

function stem(token: string): string {
  return token.length > 2 && token.length < 25 && !HAS_DIGIT.test(token) ? porterStem(token) : token;
}

/** The table slot of text[start, end) in lower case: found, or filled with the word and its stem's hash. */
function wordSlot(text: string, start: number, end: number): number {
  let h = WORD_KEY_SEED;
  let h2 = WORD_KEY_SEED2;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    // ASCII capitals fold to lower case, so the original text of a plain
    // comment can be scanned without a lower-cased copy.
    if (c >= 65 && c <= 90) c |= 32;
    h = Math.imul(h ^ c, 0x01000193);
    h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return slotOf(h, h2, text, start, end);
}

/** Where a key's probe starts: the top bits of a multiplicative hash (one multiply, and spread over the table). */
function homeSlot(h: number): number {
  return Math.imul(h, 0x9e3779b1) >>> (32 - WORD_TABLE_BITS);
}

/** The table slot of the word text[start, end) whose two character hashes are h and h2 (see wordSlot). */
function slotOf(h: number, h2: number, text: string, start: number, end: number): number {
  const length = end - start;
  let s = homeSlot(h);
  for (;;) {
    const at = s << 2;
    const stored = wordTable[at + 2]!;
    if (stored === 0) break;
    if (wordTable[at] === h && wordTable[at + 1] === h2 && (stored & (APOSTROPHE_FLAG - 1)) === length) return s;
    s = (s + 1) & WORD_TABLE_MASK;
  }
  if (tableCount >= WORD_TABLE_LIMIT) {
    wordTable.fill(0);
    tableWord.fill(undefined);
    tableCount = 0;
    tableEpoch++;
    s = homeSlot(h);
  }
  const word = (start === 0 && end === text.length ? text : text.slice(start, end)).toLowerCase();
  const at = s << 2;
  const stemHash = fnv1a(stem(word), SEED_WORD);
  wordTable[at] = h;
  wordTable[at + 1] = h2;
  wordTable[at + 2] = length | (word.includes("'") ? APOSTROPHE_FLAG : 0);
  wordTable[at + 3] = stemHash;
  tableWord[s] = word;
  tableCount++;
  return s;
}

const GAPS = /[^\p{L}\p{N}']+/u;

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || (c >= 65 && c <= 90);
}

/**
 * Calls `word(text, start, end)` for each word of the canonical text: runs of
 * letters, digits and apostrophes, with outer apostrophes dropped. Plain
 * ASCII (most comments) is scanned without building substrings.
 */
function scanWords(canonical: string, word: (text: string, start: number, end: number) => void, ascii = !NON_ASCII.test(canonical)): void {
  const visit = (text: string, a: number, b: number) => {
    while (a < b && text.charCodeAt(a) === 39) a++;
    while (b > a && text.charCodeAt(b - 1) === 39) b--;
    if (b > a) word(text, a, b);
  };
  if (!ascii) {
    for (const raw of canonical.split(GAPS)) if (raw) visit(raw, 0, raw.length);
    return;
  }
  let start = -1;
  for (let i = 0; i <= canonical.length; i++) {
    const isWord = i < canonical.length && isWordCode(canonical.charCodeAt(i));
    if (isWord && start < 0) start = i;
    else if (!isWord && start >= 0) {
      visit(canonical, start, i);
      start = -1;
    }
  }
}

/** Words of the canonical text: runs of letters, digits and apostrophes, with outer apostrophes dropped. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  scanWords(canonicalText(text), (t, a, b) => out.push(a === 0 && b === t.length ? t : t.slice(a, b)));
  return out;
}

// Shape feature names are few and fixed, so their hashes are computed once.
const shapeHash = (name: string) => mix(fnv1a(name, SEED_SHAPE));
const LENGTH_HASHES = Array.from({ length: 9 }, (_, k) => shapeHash(`len:${k}`));
const CAPS_HASHES = Array.from({ length: 5 }, (_, k) => shapeHash(`caps:${k}`));
const BANG_HASHES = Array.from({ length: 4 }, (_, k) => shapeHash(`bang:${k}`));
const URL_HASH = shapeHash('has:url');

/** Shape features, from the original text (case and punctuation matter here). */
function shapeFeatures(tokenCount: number, hasUrl: boolean, out: Emitter): void {
  out.push(LENGTH_HASHES[Math.min(8, Math.floor(Math.log2(tokenCount + 1)))]!);
  const { upper, letters, exclaims } = survey;
  if (letters >= 8) out.push(CAPS_HASHES[Math.round((upper / letters) * 4)]!);
  if (exclaims > 0) out.push(BANG_HASHES[Math.min(3, exclaims)]!);
  if (hasUrl) out.push(URL_HASH);
}

/**
 * One pass over the original text: the counts the shape features need (case
 * and punctuation matter there), and whether the text is plain, i.e. ASCII
 * with nothing canonicalText would mark (no link, @mention or long number),
 * so its words can be scanned in place; or ASCII whose only marks are
 * @mentions (`mentionsOnly`), which the fused scan marks itself.
 */
const survey = { upper: 0, letters: 0, exclaims: 0, plain: true, mentionsOnly: false, nonAscii: false, wordRuns: 0, linkFrom: -1 };
const LONG_NUMBER = /\d[\d\s-]{4,}\d/;
// The survey's classes of ASCII characters, as bits, so the common
// characters are counted without a branch: letters and digits alternate
// with spaces and punctuation too irregularly for branches to be predicted.
const ALNUM = 1;
const LETTER = 2;
const UPPER = 4;
const DIGIT = 8;
/** "!", "@", "." and ":": the rare characters tested one by one (from this bit up). */
const SPECIAL = 16;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = ALNUM | LETTER;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = ALNUM | LETTER | UPPER;
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = ALNUM | DIGIT;
for (const c of '!@.:') ASCII_CLASS[c.charCodeAt(0)] = SPECIAL;
/** \s for an ASCII character. */
function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function surveyText(text: string): void {
  let upper = 0;
  let letters = 0;
  let exclaims = 0;
  let nonAscii = false;
  /** The classes seen, OR-ed (DIGIT tells whether there is a digit). */
  let seen = 0;
  let at = false;
  let link = false;
  /** Where the first of those link signs is. */
  let linkAt = -1;
  // Runs of ASCII letters and digits: the words a plain text has for minWords.
  let wordRuns = 0;
  let inRun = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      nonAscii = true;
      inRun = 0;
      continue;
    }
    const k = ASCII_CLASS[c]!;
    const alnum = k & ALNUM;
    wordRuns += alnum & ~inRun;
    inRun = alnum;
    letters += (k >> 1) & 1;
    upper += (k >> 2) & 1;
    seen |= k;
    if (k < SPECIAL) continue;
    if (c === 33) exclaims++;
    else if (c === 64) at = true;
    else if (c === 46) {
      if (i > 0 && i + 1 < n) {
        // What every match of URL_PATTERN (on the lower-cased text) holds: a
        // dot after [a-z0-9-] and before the first letter of one of its
        // endings (c n o i b l t r m u), or "www." before a non-space, or
        // "://". Without one the pattern cannot match, and "..." or "e.g"
        // leave the text plain.
        const p = text.charCodeAt(i - 1);
        const pl = p | 32;
        if ((pl >= 97 && pl <= 122) || (p >= 48 && p <= 57) || p === 45) {
          const d = text.charCodeAt(i + 1);
          const dl = d | 32;
          if (dl === 99 || dl === 110 || dl === 111 || dl === 105 || dl === 98 || dl === 108 || dl === 116 || dl === 114 || dl === 109 || dl === 117) link = true;
          else if (pl === 119 && !(d === 32 || (d >= 9 && d <= 13))) link = true;
          if (link && linkAt < 0) linkAt = i;
        }
      }
    } else if (text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) {
      link = true;
      if (linkAt < 0) linkAt = i;
    }
  }
  // A link holds no white space and holds one of those signs, so none starts
  // before the white space that precedes the first sign.
  let linkFrom = linkAt;
  while (linkFrom > 0 && !isSpaceCode(text.charCodeAt(linkFrom - 1))) linkFrom--;
  survey.linkFrom = linkFrom;
  // Removing @mentions (all canonicalText would do besides lower-casing when
  // there is no link) never makes a long number, so the original text tells.
  const unmarked = !nonAscii && !link && !((seen & DIGIT) !== 0 && LONG_NUMBER.test(text));
  survey.upper = upper;
  survey.letters = letters;
  survey.exclaims = exclaims;
  survey.plain = unmarked && !at;
  survey.mentionsOnly = unmarked && at;
  survey.nonAscii = nonAscii;
  survey.wordRuns = wordRuns;
}

/**
 * The number of words (runs of letters and digits) in the last extracted
 * text when it was ASCII, else -1: spares the classifier check a second pass.
 */
export function lastAsciiWordCount(): number {
  return survey.nonAscii ? -1 : survey.wordRuns;
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
/** The words of the last extraction as their slots in the word table, valid while the table's epoch is `wordsEpoch`. */
let wordSlots = new Int32Array(256);
let wordCount = 0;
let wordsEpoch = -1;
/** The text whose vector (and explanation buffers) the last fill computed. */
let lastFilled: string | null = null;

// Per-extraction state for the word callback (module-level, so the scan allocates no closure per word).
let emitting: Emissions = shared;
let emittingConfig: FeatureConfig = DEFAULT_FEATURE_CONFIG;
let previousUnigram = 0;
let firstUnigram = 0;
let sawUrl = false;

/** The two character hashes of "xxurl", the link marker. */
const URL_SLOT = wordSlot('xxurl', 0, 5);
const URL_KEY0 = wordTable[URL_SLOT << 2]!;
const URL_KEY1 = wordTable[(URL_SLOT << 2) + 1]!;
/** The same for "xxmention", the marker the fused scan emits for an @mention. */
const MENTION_SLOT = wordSlot('xxmention', 0, 9);
const MENTION_KEY0 = wordTable[MENTION_SLOT << 2]!;
const MENTION_KEY1 = wordTable[(MENTION_SLOT << 2) + 1]!;

/** \w in a regular expression without the u flag. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * Whether MENTION_PATTERN, /(^|\s)@\w+/g, matches at the "@" at text[i] of an
 * ASCII text with no link (with a link, its marker can change what precedes
 * an "@"): at the start or after white space, and before a word character.
 */
function isMentionAt(text: string, i: number): boolean {
  if (i + 1 >= text.length || !isWordChar(text.charCodeAt(i + 1))) return false;
  if (i === 0) return true;
  const p = text.charCodeAt(i - 1);
  return p === 32 || (p >= 9 && p <= 13);
}

function emitWord(text: string, start: number, end: number): void {
  const slot = wordSlot(text, start, end);
  const t = wordCount;
  if (wordCount === wordSlots.length) {
    const bigger = new Int32Array(wordCount * 2);
    bigger.set(wordSlots);
    wordSlots = bigger;
  }
  wordSlots[wordCount++] = slot;
  const at = slot << 2;
  if (wordTable[at] === URL_KEY0 && wordTable[at + 1] === URL_KEY1 && wordTable[at + 2] === 5) sawUrl = true;
  const e = emitting;
  const unigram = wordTable[at + 3]!;
  e.word.push(mix(unigram));
  e.wordOrigin.push(t);
  if (t > 0) {
    e.word.push(mix(Math.imul(previousUnigram, 0x01000193) ^ unigram ^ SEED_BIGRAM));
    // A bigram is credited to its second word; the first already has its own unigram.
    e.wordOrigin.push(t);
  } else firstUnigram = unigram;
  previousUnigram = unigram;
  const config = emittingConfig;
  if (config.charNgramMax < config.charNgramMin) return;
  // Character n-grams over "<word>", hashed incrementally: no substrings are built.
  const word = tableWord[slot]!;
  const n = word.length + 2;
  for (let begin = 0; begin < n; begin++) {
    let h = (0x811c9dc5 ^ SEED_CHAR) >>> 0;
    for (let len = 1; len <= config.charNgramMax && begin + len <= n; len++) {
      const pos = begin + len - 1;
      const code = pos === 0 ? 60 : pos === n - 1 ? 62 : word.charCodeAt(pos - 1);
      h = Math.imul(h ^ code, 0x01000193) >>> 0;
      if (len >= config.charNgramMin) {
        e.char.push(mix(h));
        e.charOrigin.push(t);
      }
    }
  }
}

/** Makes room for `n` items in an emitter (the fused scan writes without bounds checks). */
function reserve(out: Emitter, n: number): void {
  if (out.items.length >= n) return;
  const bigger = new Int32Array(n * 2);
  bigger.set(out.items.subarray(0, out.length));
  out.items = bigger;
}

// Letters and digits outside ASCII, as GAPS (/[^\p{L}\p{N}']+/u) sees them,
// learnt per code unit on first sight (a code point above the BMP, a
// surrogate pair, per code point).
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit: 0 not yet known, 1 a letter or digit, 2 neither. */
const bmpClass = new Uint8Array(65536);
const astralClass = new Map<number, boolean>();
const ASTRAL_CLASS_LIMIT = 4096;

/**
 * How many code units at text[i] (c, at least 128) make one letter or digit:
 * 1, 2 for a surrogate pair, or 0 when it is neither (a lone surrogate is
 * neither, as for a regular expression with the u flag).
 */
function unicodeWordUnits(text: string, i: number, c: number): number {
  if (c < 0xd800 || c > 0xdfff) {
    let k = bmpClass[c]!;
    if (k === 0) bmpClass[c] = k = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
    return k === 1 ? 1 : 0;
  }
  if (c > 0xdbff || i + 1 >= text.length) return 0;
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return 0;
  const cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  let yes = astralClass.get(cp);
  if (yes === undefined) {
    yes = LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
    if (astralClass.size < ASTRAL_CLASS_LIMIT) astralClass.set(cp, yes);
  }
  return yes ? 2 : 0;
}

/**
 * emitWord over every word of a text, without char n-grams, in one loop:
 * the word's two table keys are hashed while its end is searched for
 * (scanWords then wordSlot read each character twice, and split a text
 * with letters outside ASCII into an array of strings), and its emissions are
 * written straight into arrays sized for the text beforehand. Words and
 * emissions are those of scanWords + emitWord: runs of letters, digits and
 * apostrophes (\p{L}, \p{N} outside ASCII), outer apostrophes dropped (the
 * keys as of the run's last letter or digit).
 */
function scanEmit(text: string, mentions: boolean): void {
  const n = text.length;
  const e = emitting;
  // At most one word per two code units, and two emissions per word plus the boundaries.
  reserve(e.word, e.word.length + n + 4);
  reserve(e.wordOrigin, e.wordOrigin.length + n + 4);
  if (wordSlots.length < wordCount + (n >> 1) + 2) {
    const bigger = new Int32Array((wordCount + n) * 2 + 4);
    bigger.set(wordSlots.subarray(0, wordCount));
    wordSlots = bigger;
  }
  const emitted = e.word.items;
  const origin = e.wordOrigin.items;
  const slots = wordSlots;
  let out = e.word.length;
  let t = wordCount;
  let previous = previousUnigram;
  let i = 0;
  for (;;) {
    let c = 0;
    // Code units of the letter or digit at i: 2 for a surrogate pair.
    let units = 1;
    let slot = -1;
    while (i < n) {
      c = text.charCodeAt(i);
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
        units = 1;
        break;
      }
      if (c >= 128) {
        units = unicodeWordUnits(text, i, c);
        if (units > 0) break;
      } else if (c === 64 && mentions && isMentionAt(text, i)) {
        // What MENTION_PATTERN's replacement leaves: the word "xxmention"
        // in place of "@" and the word characters after it.
        slot = slotOf(MENTION_KEY0, MENTION_KEY1, 'xxmention', 0, 9);
        for (i += 2; i < n && isWordChar(text.charCodeAt(i)); i++);
        break;
      }
      i++;
    }
    if (slot < 0) {
      if (i >= n) break;
      const start = i;
      let h = WORD_KEY_SEED;
      let h2 = WORD_KEY_SEED2;
      let wordH = h;
      let wordH2 = h2;
      let end = i;
      for (;;) {
        if (c >= 65 && c <= 90) c |= 32;
        h = Math.imul(h ^ c, 0x01000193);
        h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
        if (units === 2) {
          const d = text.charCodeAt(i + 1);
          h = Math.imul(h ^ d, 0x01000193);
          h2 = Math.imul(h2 + d, 0x5bd1e995) ^ (h2 >>> 15);
        }
        i += units;
        if (c !== 39) {
          wordH = h;
          wordH2 = h2;
          end = i;
        }
        if (i >= n) break;
        c = text.charCodeAt(i);
        if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || (c >= 65 && c <= 90)) units = 1;
        else if (c < 128 || (units = unicodeWordUnits(text, i, c)) === 0) break;
      }
      slot = slotOf(wordH, wordH2, text, start, end);
    }
    slots[t] = slot;
    const at = slot << 2;
    if (wordTable[at] === URL_KEY0 && wordTable[at + 1] === URL_KEY1 && wordTable[at + 2] === 5) sawUrl = true;
    const unigram = wordTable[at + 3]!;
    // Mixed here, not kept per slot: a second array cost a cache miss per word.
    emitted[out] = mix(unigram);
    origin[out++] = t;
    if (t > 0) {
      // A bigram is credited to its second word; the first already has its own unigram.
      emitted[out] = mix(Math.imul(previous, 0x01000193) ^ unigram ^ SEED_BIGRAM);
      origin[out++] = t;
    } else firstUnigram = unigram;
    previous = unigram;
    t++;
  }
  e.word.length = out;
  e.wordOrigin.length = out;
  wordCount = t;
  previousUnigram = previous;
}

function emit(text: string, config: FeatureConfig): Emissions {
  const e = shared;
  if (text === lastText && lastConfig !== null && sameFeatureConfig(config, lastConfig)) return e;
  e.word.length = 0;
  e.char.length = 0;
  e.shape.length = 0;
  e.wordOrigin.length = 0;
  e.charOrigin.length = 0;
  emitting = e;
  emittingConfig = config;
  previousUnigram = 0;
  sawUrl = false;
  wordCount = 0;
  surveyText(text);
  // A plain comment's words are scanned in the original text (wordSlot folds
  // the capitals): no canonical copy. The rest go through canonicalText.
  const ascii = !survey.nonAscii;
  // Char n-grams (off in the shipped models) take the general path.
  const fused = config.charNgramMax < config.charNgramMin;
  // With @mentions and no other mark the fused scan reads the original text
  // too, marking the mentions as canonicalText would.
  const mentions = fused && survey.mentionsOnly;
  const canonical = survey.plain || mentions ? text : canonicalText(text, survey.nonAscii, survey.linkFrom);
  const epoch = tableEpoch;
  if (fused) scanEmit(canonical, mentions);
  else scanWords(canonical, emitWord, ascii);
  if (tableEpoch !== epoch) {
    // The table was cleared during the scan, so the first words' slots are
    // stale: scan again (the emissions are the same), now with room to spare.
    e.word.length = 0;
    e.char.length = 0;
    e.wordOrigin.length = 0;
    e.charOrigin.length = 0;
    previousUnigram = 0;
    sawUrl = false;
    wordCount = 0;
    const again = tableEpoch;
    if (fused) scanEmit(canonical, mentions);
    else scanWords(canonical, emitWord, ascii);
    wordsEpoch = tableEpoch === again ? again : -1;
  } else wordsEpoch = epoch;
  if (config.boundaries && wordCount > 0) {
    // Bigrams of the comment as if it read "<start> words <end>", credited to
    // the first and the last word. (The marks as words of their own helped
    // spam a little more but held more neutral tweets: see MODEL_CARD.md.)
    e.word.push(mix(Math.imul(START_UNIGRAM, 0x01000193) ^ firstUnigram ^ SEED_BIGRAM));
    e.wordOrigin.push(0);
    e.word.push(mix(Math.imul(previousUnigram, 0x01000193) ^ END_UNIGRAM ^ SEED_BIGRAM));
    e.wordOrigin.push(wordCount - 1);
  }
  shapeFeatures(wordCount, sawUrl, e.shape);
  lastText = text;
  lastConfig = config;
  return e;
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
let explainedOfWord = new Int32Array(256);

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
  // The table's arrays in locals (reserve has sized them): table.slot(),
  // inlined, with no property loads per emission.
  const items = emitted.items;
  const keys = table.keys;
  const counts = table.counts;
  const sums = table.sums;
  const shares = table.shares;
  const used = table.used;
  const tableMask = keys.length - 1;
  let usedCount = table.usedCount;
  let distinct = 0;
  for (let k = 0; k < count; k++) {
    const key = items[k]! & mask;
    let s = (Math.imul(key, 0x9e3779b1) >>> 0) & tableMask;
    for (;;) {
      const stored = keys[s]!;
      if (stored === key) break;
      if (stored === -1) {
        keys[s] = key;
        used[usedCount++] = s;
        break;
      }
      s = (s + 1) & tableMask;
    }
    bySlot[k] = s;
    const c = counts[s]!;
    if (c === 0) slots[distinct++] = s;
    counts[s] = c + 1;
  }
  table.usedCount = usedCount;
  let norm = 0;
  for (let k = 0; k < distinct; k++) {
    const c = counts[slots[k]!]!;
    const v = c === 1 ? 1 : 1 + Math.log(c);
    norm += v * v;
  }
  const scale = groupWeight / Math.sqrt(norm);
  for (let k = 0; k < distinct; k++) {
    const s = slots[k]!;
    const c = counts[s]!;
    const value = (c === 1 ? 1 : 1 + Math.log(c)) * scale;
    // Another family may share this bucket (a hash collision): the values add up.
    sums[s]! += value;
    shares[s] = value / c;
    counts[s] = 0;
  }
  if (!origin) return;
  const from = origin.items;
  for (let k = 0; k < count; k++) {
    explainedBucket[offset + k] = items[k]! & mask;
    explainedToken[offset + k] = from[k]!;
    explainedShare[offset + k] = shares[bySlot[k]!]!;
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
  // Read out and cleared in one loop (as table.clear(); counts are already 0).
  const { keys, sums, used } = table;
  for (let k = 0; k < n; k++) {
    const s = used[k]!;
    outIndices[k] = keys[s]!;
    outValues[k] = sums[s]!;
    keys[s] = -1;
    sums[s] = 0;
  }
  table.usedCount = 0;
  return n;
}

/**
 * The feature vector in shared buffers, valid only until the next extraction:
 * for scoring, where it is read immediately.
 */
export function extractTransient(text: string, config: FeatureConfig): SparseVector {
  const n = extractShared(text, config);
  return { indices: outIndices.subarray(0, n), values: outValues.subarray(0, n) };
}

/**
 * Like extractTransient, without the two array views per call: the vector is
 * the first `n` (returned) entries of sharedVector()'s arrays.
 */
export function extractShared(text: string, config: FeatureConfig): number {
  const n = fill(emit(text, config), config);
  lastFilled = text;
  return n;
}

/** The arrays extractShared writes to (they may be replaced by a longer extraction: fetch them after it). */
export function sharedVector(): SparseVector {
  return sharedView.indices === outIndices ? sharedView : (sharedView = { indices: outIndices, values: outValues });
}
let sharedView: SparseVector = { indices: outIndices, values: outValues };

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
  if (explainedOfWord.length < wordCount) explainedOfWord = new Int32Array(wordCount * 2);
  if (distinctSlots.length < wordCount) distinctSlots = new Int32Array(wordCount * 2);
  distinctList.length = 0;
  const view = explainedView;
  view.distinct = lastDistinctWords(explainedOfWord, distinctSlots, distinctList);
  view.ofToken = explainedOfWord;
  view.count = e.word.length + e.char.length;
  view.bucket = explainedBucket;
  view.token = explainedToken;
  view.share = explainedShare;
  return view;
}

// The distinct words of the last explained text: their word-table slots, or,
// when the table was cleared since, the words themselves.
let distinctSlots = new Int32Array(256);
const distinctList: string[] = [];
const explainedView: ExplainedFeatures = {
  distinct: 0,
  word: (d) => (distinctList.length > 0 ? distinctList[d]! : tableWord[distinctSlots[d]!]!),
  ofToken: explainedOfWord,
  count: 0,
  bucket: explainedBucket,
  token: explainedToken,
  share: explainedShare,
};

/** A set of words as a small table of their character hashes (see lastWordsMeet). */
export interface WordKeys {
  table: Int32Array;
  /** The words themselves, for the rare word with apostrophes. */
  words: ReadonlySet<string>;
  /**
   * Per word-table slot, whether its word meets the set (0: not asked yet, 1:
   * no, 2: maybe), valid in table epoch `verdictEpoch`: a comment's words
   * are mostly words seen before, so each costs one byte read, not a hash
   * probe. Made on first use.
   */
  verdicts: Uint8Array | null;
  verdictEpoch: number;
}

function charHash(word: string): number {
  let h = WORD_KEY_SEED;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
}

export function wordKeys(words: Iterable<string>): WordKeys {
  const set = new Set(words);
  let size = 16;
  while (size < set.size * 4) size *= 2;
  const table = new Int32Array(size);
  // 0 marks an empty slot; a word whose hash is 0 is stored as 1 (a false hit only costs a check).
  for (const w of set) {
    const h = charHash(w) || 1;
    let s = mix(h) & (size - 1);
    while (table[s] !== 0 && table[s] !== h) s = (s + 1) & (size - 1);
    table[s] = h;
  }
  return { table, words: set, verdicts: null, verdictEpoch: -1 };
}

/**
 * Whether a word of the last extraction (or a part of it between apostrophes)
 * may be in the set: lets a caller skip work, such as removing listed
 * phrases, that only matters when one of their words is present. Compares
 * hashes, so it can say yes wrongly (rarely), never no wrongly.
 */
export function lastWordsMeet(keys: WordKeys): boolean {
  if (wordsEpoch !== tableEpoch) return tokensMeet(keys, tokenize(lastText ?? ''));
  let verdicts = keys.verdicts;
  if (verdicts === null || keys.verdictEpoch !== tableEpoch) {
    // A slot holds one word per epoch: verdicts of an earlier one are stale.
    if (verdicts === null) verdicts = keys.verdicts = new Uint8Array(WORD_TABLE_SIZE);
    else verdicts.fill(0);
    keys.verdictEpoch = tableEpoch;
  }
  for (let i = 0; i < wordCount; i++) {
    const slot = wordSlots[i]!;
    let v = verdicts[slot]!;
    if (v === 0) {
      const at = slot << 2;
      const meets = keysHave(keys, wordTable[at]!) || ((wordTable[at + 2]! & APOSTROPHE_FLAG) !== 0 && partsMeet(keys, tableWord[slot]!));
      verdicts[slot] = v = meets ? 2 : 1;
    }
    if (v === 2) return true;
  }
  return false;
}

/** Whether a part of a word with apostrophes is in the set. */
function partsMeet(keys: WordKeys, word: string): boolean {
  return word.split("'").some((part) => keys.words.has(part));
}

/** lastWordsMeet from the words as strings, when the table no longer holds them all. */
function tokensMeet(keys: WordKeys, tokens: readonly string[]): boolean {
  for (const token of tokens) if (keysHave(keys, charHash(token)) || (token.includes("'") && partsMeet(keys, token))) return true;
  return false;
}

function keysHave(keys: WordKeys, h: number): boolean {
  const lookup = keys.table;
  const mask = lookup.length - 1;
  h = h || 1;
  for (let s = mix(h) & mask; lookup[s] !== 0; s = (s + 1) & mask) if (lookup[s] === h) return true;
  return false;
}

/**
 * Whether a word right after an "@" in the text may be one of the keys
 * (case-blind): canonicalText drops @mentions from the words, so
 * lastWordsMeet cannot see them. ASCII letters and digits are hashed in
 * place; a mention with other characters is split as a string.
 */
export function mentionsMeet(text: string, keys: WordKeys): boolean {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let h = WORD_KEY_SEED;
    let length = 0;
    for (let i = at + 1; ; i++) {
      let c = i < text.length ? text.charCodeAt(i) : 32;
      if (c >= 128) {
        const m = /[\p{L}\p{N}_']+/uy;
        m.lastIndex = at + 1;
        const word = m.exec(text);
        if (word && word[0].toLowerCase().split(/[^\p{L}\p{N}]+/u).some((w) => keys.words.has(w))) return true;
        break;
      }
      if (c >= 65 && c <= 90) c |= 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        h = Math.imul(h ^ c, 0x01000193);
        length++;
        continue;
      }
      if (length > 0 && keysHave(keys, h)) return true;
      h = WORD_KEY_SEED;
      length = 0;
      // Underscores and apostrophes join the parts of one mention; anything else ends it.
      if (c !== 95 && c !== 39) break;
    }
  }
  return false;
}

/**
 * For each word of the last extraction, the index of its first occurrence
 * among the distinct words; returns how many distinct words there are, whose
 * slots go to `slots` in first-use order (or, when the table has been cleared
 * since the extraction, the words themselves to `list`).
 */
const slotMark = new Int32Array(WORD_TABLE_SIZE);
const slotFirst = new Int32Array(WORD_TABLE_SIZE);
let markStamp = 0;
function lastDistinctWords(ofWord: Int32Array, slots: Int32Array, list: string[]): number {
  let distinct = 0;
  if (wordsEpoch !== tableEpoch) {
    const seen = new Map<string, number>();
    const words = tokenize(lastText ?? '');
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      let d = seen.get(w);
      if (d === undefined) {
        d = distinct++;
        seen.set(w, d);
        list.push(w);
      }
      ofWord[i] = d;
    }
    return distinct;
  }
  if (++markStamp === 0x7fffffff) {
    slotMark.fill(0);
    markStamp = 1;
  }
  for (let i = 0; i < wordCount; i++) {
    const slot = wordSlots[i]!;
    if (slotMark[slot] !== markStamp) {
      slotMark[slot] = markStamp;
      slots[distinct] = slot;
      slotFirst[slot] = distinct++;
    }
    ofWord[i] = slotFirst[slot]!;
  }
  return distinct;
}
