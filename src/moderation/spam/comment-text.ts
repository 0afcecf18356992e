// What the spam checks read from a comment's normalised text, computed once
// per comment however many checks ask: its word tokens, its shape
// measurements and how many digits it has. An all-ASCII comment (seven in
// eight) gets all three from one pass: the tokeniser, the shape scan and the
// digit count each walked the text before, and the patterns and shape checks
// with the validity check took 12.5 us per 40-word comment of
// bench/engine.js's mix against 10.6 us now. Other text takes the general functions, one pass each.
import type { NormalizedText } from '../types';
import { shapeStats, type CaseStats, type TextStats } from './shape-stats';
import { isDigit, isNumeric, NUMBER, tokenize, Tokens, WORD } from './tokens';

export interface ShapeMeasurements {
  cases: CaseStats;
  stats: TextStats;
}

// Per ASCII code: 1 letter or digit (a word character), 0 anything else.
const WORD_CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD_CHAR[c] = 1;
for (let c = 65; c <= 90; c++) WORD_CHAR[c] = 1;
for (let c = 97; c <= 122; c++) WORD_CHAR[c] = 1;
const DOLLAR = 36;
const APOSTROPHE = 39;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

/**
 * `tokenize`, `shapeStats` and a digit count of an all-ASCII comment in one
 * pass: the tokens go into `into`, the same ones `tokenize(text)` gives
 * (tests/unit/spam-comment-text.test.ts compares them over every corpus text).
 * A token is a run of letters and digits; an apostrophe between word
 * characters ("don't") and a comma or full stop between digits ("1,000",
 * "2.5") stay inside it; a "$" before a digit starts one and a "$" after a
 * digit ends one ("$5", "500$").
 */
export function surveyAscii(text: string, original: string, into: Tokens): ShapeMeasurements & { digits: number } {
  const n = text.length;
  into.reset(text, n + 1);
  let count = 0;
  // Shape: as caseStats and textStats in shape-stats.ts.
  let letters = 0;
  let visible = 0;
  let upper = 0;
  let digits = 0;
  let bestStart = 0;
  let bestLength = 0;
  let runStart = 0;
  let runLength = 0;
  let previous = -1;
  // The token being read: where it starts (-1: none) and its hash so far.
  let start = -1;
  let hash = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      previous = -1;
      runLength = 0;
    } else {
      visible++;
      if (code >= 97 && code <= 122) {
        letters++;
        // Normalised ASCII is lower case: a letter was a capital where the original differs.
        if (original.charCodeAt(i) !== code) upper++;
      } else if (code >= 65 && code <= 90) {
        letters++;
      } else if (code >= 48 && code <= 57) {
        digits++;
      }
      if (code === previous) runLength++;
      else {
        previous = code;
        runStart = i;
        runLength = 1;
      }
      if (runLength > bestLength) {
        bestLength = runLength;
        bestStart = runStart;
      }
    }

    if (WORD_CHAR[code] === 1) {
      if (start < 0) {
        start = i;
        hash = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ code, FNV_PRIME);
      continue;
    }
    if (start >= 0) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      // "don't" and "1,000" / "2.5" continue the token.
      const inner = next < 128 && WORD_CHAR[next] === 1;
      if ((code === APOSTROPHE && inner) || ((code === 44 || code === 46) && inner && isDigit(text.charCodeAt(i - 1)) && isDigit(next))) {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        continue;
      }
      // "500$" keeps its trailing dollar sign.
      const end = code === DOLLAR && isDigit(text.charCodeAt(i - 1)) ? i + 1 : i;
      if (end > i) hash = Math.imul(hash ^ code, FNV_PRIME);
      putToken(into, count++, text, start, end, hash);
      start = -1;
      if (end > i) continue;
    }
    // "$5": a dollar sign before a digit starts a token.
    if (code === DOLLAR && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
      start = i;
      hash = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
    }
  }
  if (start >= 0) putToken(into, count++, text, start, n, hash);
  into.count = count;
  return { cases: { cased: letters, upper }, stats: { letters, visible, runStart: bestStart, runLength: bestLength }, digits };
}

/** Token `at` is text[start, end) with FNV-1a hash `hash`; only one starting with a digit or "$" can be a number. */
function putToken(into: Tokens, at: number, text: string, start: number, end: number, hash: number): void {
  const first = text.charCodeAt(start);
  into.kinds[at] = (first === DOLLAR || isDigit(first)) && isNumeric(text, start, end) ? NUMBER : WORD;
  into.hashes[at] = hash | 0;
  into.starts[at] = start;
  into.ends[at] = end;
}

// The checks of one comment run back to back, so remembering the last text
// is enough to share its results, without a WeakMap's garbage-collection
// cost; and one set of token arrays serves every comment (allocating typed
// arrays per comment cost more than filling them).
let lastText: NormalizedText | null = null;
const shared = new Tokens(256);
let tokensReady = false;
let shape: ShapeMeasurements | null = null;
let digitCount = -1;

function forText(n: NormalizedText): void {
  if (n === lastText) return;
  lastText = n;
  if (n.ascii) {
    const survey = surveyAscii(n.text, n.original, shared);
    tokensReady = true;
    shape = { cases: survey.cases, stats: survey.stats };
    digitCount = survey.digits;
  } else {
    tokensReady = false;
    shape = null;
    digitCount = -1;
  }
}

/** Tokens of a comment's normalised text; valid until the next comment's. */
export function tokensOf(n: NormalizedText): Tokens {
  forText(n);
  if (!tokensReady) {
    tokenize(n.text, shared);
    tokensReady = true;
  }
  return shared;
}

/** Capitals, letters, visible characters and the longest run of one character (see shape-stats.ts). */
export function shapeOf(n: NormalizedText): ShapeMeasurements {
  forText(n);
  return (shape ??= shapeStats(n));
}

/** How many ASCII digits the normalised text holds. */
export function digitsOf(n: NormalizedText): number {
  forText(n);
  if (digitCount < 0) {
    let found = 0;
    const text = n.text;
    for (let i = 0; i < text.length; i++) if (isDigit(text.charCodeAt(i))) found++;
    digitCount = found;
  }
  return digitCount;
}
