// Cheap shape measurements of a comment, one pass per string: capital
// letters over cased letters (on the original, since normalised text is
// lower case), and letter share and the longest run of one character (on
// the normalised text, so look-alike characters count as the same). These
// are the general forms; all-ASCII comments are measured in comment-text.ts.
import type { NormalizedText } from '../types';
import type { Tokens } from './tokens';

const LETTER = /\p{L}/u;
const SPACE = /\s/u;

export interface CaseStats {
  /** Letters that have an upper and a lower case form. */
  cased: number;
  upper: number;
}

export function caseStats(original: string): CaseStats {
  let cased = 0;
  let upper = 0;
  for (let i = 0; i < original.length; i++) {
    const code = original.charCodeAt(i);
    if (code < 128) {
      if (code >= 65 && code <= 90) { cased++; upper++; }
      else if (code >= 97 && code <= 122) cased++;
      continue;
    }
    const ch = original[i]!;
    const lower = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lower === up) continue;
    cased++;
    if (ch !== lower) upper++;
  }
  return { cased, upper };
}

export interface TextStats {
  letters: number;
  /** Characters that are not whitespace. */
  visible: number;
  /** Longest run of one repeated non-space character: normalised offsets and length. */
  runStart: number;
  runLength: number;
}

export function textStats(text: string): TextStats {
  return scanText(text);
}

/**
 * caseStats of a comment's original and textStats of its normalised text.
 * All-ASCII comments get both in the one pass of comment-text.ts instead.
 */
export function shapeStats(n: NormalizedText): { cases: CaseStats; stats: TextStats } {
  return { cases: caseStats(n.original), stats: scanText(n.text) };
}

function scanText(text: string): TextStats {
  const stats: TextStats = { letters: 0, visible: 0, runStart: 0, runLength: 0 };
  let runStart = 0;
  let runLength = 0;
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isSpace = code < 128 ? code === 32 || (code >= 9 && code <= 13) : SPACE.test(text[i]!);
    if (isSpace) {
      previous = -1;
      runLength = 0;
      continue;
    }
    // Low surrogates belong to the character before; count the code point once.
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    stats.visible++;
    // ASCII (most characters) needs no code point decoding.
    const point = code < 128 ? code : text.codePointAt(i)!;
    if (code < 128 ? (code >= 97 && code <= 122) || (code >= 65 && code <= 90) : LETTER.test(String.fromCodePoint(point))) stats.letters++;
    if (point === previous) runLength++;
    else {
      previous = point;
      runStart = i;
      runLength = 1;
    }
    if (runLength > stats.runLength) {
      stats.runLength = runLength;
      stats.runStart = runStart;
    }
  }
  return stats;
}

export interface WordRepeat {
  /** Token index range [first, last) of the repeated run or the first repeated phrase. */
  first: number;
  last: number;
  times: number;
  value: string;
}

/** The longest run of one word said over and over ("buy buy buy buy"). */
export function repeatedWord(tokens: Tokens): WordRepeat | null {
  let best: WordRepeat | null = null;
  let runFirst = 0;
  for (let i = 1; i <= tokens.count; i++) {
    if (i < tokens.count && tokens.same(i, runFirst)) continue;
    const times = i - runFirst;
    if (times > 1 && (!best || times > best.times)) best = { first: runFirst, last: i, times, value: tokens.value(runFirst) };
    runFirst = i;
  }
  return best;
}

// Repeated-phrase detection runs on every comment, so it counts words by
// hash in a reused open-addressing table instead of allocating a Map.
let slots = new Int32Array(512);
let counts = new Uint16Array(512);
/** Per token, its slot in the table (scratch, like the table). */
let wordSlots = new Int32Array(256);
const EMPTY = 0x7fffffff;
slots.fill(EMPTY);

function slotOf(hash: number, mask: number): number {
  const key = hash === EMPTY ? EMPTY - 1 : hash;
  let at = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
  while (slots[at] !== EMPTY && slots[at] !== key) at = (at + 1) & mask;
  slots[at] = key;
  return at;
}

/**
 * The word sequence of `size` words that occurs most often, at least
 * `minRepeats` times without overlapping (a pasted advert repeated in one
 * comment); null when none does.
 */
export function repeatedPhrase(tokens: Tokens, size: number, minRepeats: number): WordRepeat | null {
  const hashes = tokens.hashes;
  const n = tokens.count;
  if (n < size * minRepeats) return null;
  if (slots.length < n * 4) {
    let length = slots.length;
    while (length < n * 4) length *= 2;
    slots = new Int32Array(length).fill(EMPTY);
    counts = new Uint16Array(length);
  }
  const mask = slots.length - 1;
  // How often each word occurs; a phrase said k times is made of words each said at least k times.
  if (wordSlots.length < n) wordSlots = new Int32Array(Math.max(n, 2 * wordSlots.length));
  const wordSlot = wordSlots;
  let anyFrequent = false;
  for (let i = 0; i < n; i++) {
    const at = slotOf(hashes[i]!, mask);
    wordSlot[i] = at;
    if (++counts[at]! >= minRepeats) anyFrequent = true;
  }
  let best: WordRepeat | null = null;
  if (anyFrequent) {
    const phrases = new Map<string, { first: number; lastAt: number; times: number }>();
    for (let i = 0; i + size <= n; i++) {
      let allFrequent = true;
      for (let k = 0; k < size && allFrequent; k++) allFrequent = counts[wordSlot[i + k]!]! >= minRepeats;
      if (!allFrequent) continue;
      let key = tokens.value(i);
      for (let k = 1; k < size; k++) key += ' ' + tokens.value(i + k);
      const seen = phrases.get(key);
      if (!seen) {
        phrases.set(key, { first: i, lastAt: i, times: 1 });
        continue;
      }
      // Overlapping windows of one word run ("ha ha ha ha") are the repeated-word signal, not this one.
      if (i < seen.lastAt + size) continue;
      seen.lastAt = i;
      seen.times++;
      if (seen.times >= minRepeats && (!best || seen.times > best.times)) best = { first: seen.first, last: seen.first + size, times: seen.times, value: key };
    }
  }
  // Leave the table empty for the next comment.
  for (let i = 0; i < n; i++) {
    slots[wordSlot[i]!] = EMPTY;
    counts[wordSlot[i]!] = 0;
  }
  return best;
}
