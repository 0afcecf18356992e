// Normalise once, match many. The result keeps a map from every normalised
// character back to the original text, so evidence spans point at what the
// reader actually wrote.
//
// What it does, per original code point: NFKC (fullwidth and mathematical
// letters become plain ones), lower case, strip combining marks (diacritics
// and Zalgo stacks), drop invisible characters (zero-width, bidi controls,
// soft hyphen, variation selectors, tag characters), and map look-alike
// letters from other scripts (Cyrillic "с", Greek "ο", ...) to the ASCII
// letter they imitate. It deliberately leaves ASCII digits and symbols alone:
// spam checks downstream need URLs, prices and phone numbers intact; the
// profanity check applies its own leetspeak reading on top.
import { HOMOGLYPHS } from './profanity/homoglyphs';
import type { NormalizedText } from './types';

const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;
// Characters that render as nothing (or only steer layout) and so can hide inside a word.
const INVISIBLE =
  /^[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{1bca0}-\u{1bca3}\u{e0000}-\u{e0fff}]$/u;

// Folding a code point costs several String.normalize calls, and comments
// reuse a small alphabet, so each code point is folded once per process.
// 20,000 entries (about 1 MB) hold every alphabet and the common CJK
// characters; past that, comments sending ever new characters get them
// folded each time rather than growing the service's memory (100,000 could
// reach 5 MB).
const foldCache = new Map<number, string>();
const FOLD_CACHE_LIMIT = 20_000;

function foldCodePoint(cp: number, ch: string): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  let folded: string;
  if (INVISIBLE.test(ch)) {
    folded = '';
  } else {
    const direct = HOMOGLYPHS.get(cp);
    if (direct !== undefined) {
      folded = direct;
    } else {
      // Lower-case before stripping marks: "İ" lower-cases to "i" plus a combining dot.
      const base = ch.normalize('NFKD').toLowerCase().replace(MARKS, '').replace(/ß/g, 'ss').normalize('NFKC');
      folded = '';
      for (const part of base) {
        if (INVISIBLE.test(part)) continue;
        folded += HOMOGLYPHS.get(part.codePointAt(0)!) ?? part;
      }
    }
  }
  if (foldCache.size < FOLD_CACHE_LIMIT) foldCache.set(cp, folded);
  return folded;
}

// ASCII offsets map one to one, so every ASCII text shares views of one
// read-only identity table instead of filling a new array per comment.
let identity = new Uint32Array(0);
function identityMap(length: number): Uint32Array {
  if (identity.length < length) {
    identity = new Uint32Array(Math.max(length, 2 * identity.length, 4096));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity.subarray(0, length);
}

/** ASCII needs only lower-casing, and its offsets map one to one. */
function normalizeAscii(original: string): NormalizedText {
  return { original, text: original.toLowerCase(), toOriginal: identityMap(original.length + 1), ascii: true };
}

export function normalize(original: string): NormalizedText {
  if (!NON_ASCII.test(original)) return normalizeAscii(original);
  const parts: string[] = [];
  const map: number[] = [];
  const n = original.length;
  let i = 0;
  while (i < n) {
    if (original.charCodeAt(i) < 0x80) {
      // Copy a whole ASCII run at once; most mixed text is mostly ASCII.
      let j = i + 1;
      while (j < n && original.charCodeAt(j) < 0x80) j++;
      parts.push(original.slice(i, j).toLowerCase());
      for (let k = i; k < j; k++) map.push(k);
      i = j;
      continue;
    }
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp, original.slice(i, i + width));
    if (folded.length > 0) {
      parts.push(folded);
      for (let k = 0; k < folded.length; k++) map.push(i);
    }
    i += width;
  }
  map.push(n);
  return { original, text: parts.join(''), toOriginal: Uint32Array.from(map) };
}

/** The original span [start, end) behind normalised offsets [nStart, nEnd). */
export function originalRange(n: NormalizedText, nStart: number, nEnd: number): { start: number; end: number } {
  const start = n.toOriginal[nStart] ?? n.original.length;
  // The end maps through the last matched character, then past its whole code point.
  const last = n.toOriginal[Math.max(nStart, nEnd - 1)] ?? n.original.length;
  const cp = n.original.codePointAt(last);
  const end = nEnd > nStart ? last + (cp !== undefined && cp > 0xffff ? 2 : 1) : start;
  return { start, end: Math.min(end, n.original.length) };
}
