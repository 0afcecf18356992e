// Word tokens of normalised text, computed once per comment and shared by
// the checks that need them (patterns and shape both read words), so the
// text is walked once however many checks look at words.
import type { NormalizedText } from '../types';

/** A number is digits, maybe with thousands separators, a decimal part, a currency sign or a k/m suffix. */
export type TokenKind = 'word' | 'number';

export interface Tokens {
  /** Token texts, as in the normalised text (currency signs included in numbers). */
  values: string[];
  kinds: TokenKind[];
  /** Normalised offsets [start, end) of each token. */
  starts: number[];
  ends: number[];
  /** A 32-bit hash of each value, for cheap counting (equal values, equal hashes). */
  hashes: number[];
}

const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CURRENCY = new Set(['$', '£', '€', '¥', '₹', '₽', '₿']);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = isDigit(c) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;

function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return ASCII_WORD[code] === 1;
  if (code >= 0xd800 && code <= 0xdbff) return NON_ASCII_WORD_CHAR.test(text.slice(i, i + 2));
  if (code >= 0xdc00 && code <= 0xdfff) return false;
  return NON_ASCII_WORD_CHAR.test(text[i]!);
}

/** End of a token starting at `i`: word characters, with apostrophes or digit separators kept inside. */
function scanToken(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    if (isWordChar(text, j)) {
      j += text.charCodeAt(j) >= 0xd800 && text.charCodeAt(j) <= 0xdbff ? 2 : 1;
      continue;
    }
    const ch = text[j];
    const inner = j + 1 < text.length && isWordChar(text, j + 1);
    // "don't", "1,000", "2.5" stay one token; "end.Next" does not join words.
    if (inner && (ch === "'" || ch === '’')) { j++; continue; }
    if (inner && (ch === ',' || ch === '.') && isDigit(text.charCodeAt(j - 1)) && isDigit(text.charCodeAt(j + 1))) { j++; continue; }
    break;
  }
  return j;
}

function isNumeric(value: string): boolean {
  let digits = 0;
  for (let k = 0; k < value.length; k++) {
    const code = value.charCodeAt(k);
    if (isDigit(code)) digits++;
    else if (!(code === 44 || code === 46 || CURRENCY.has(value[k]!) || ((code === 107 || code === 109) && k === value.length - 1))) return false;
  }
  return digits > 0;
}

/** FNV-1a over the UTF-16 units of text[start, end): the hash stored for a token. */
export function hashOf(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h | 0;
}

export function tokenize(text: string): Tokens {
  const tokens: Tokens = { values: [], kinds: [], starts: [], ends: [], hashes: [] };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < 128 && ASCII_WORD[code] === 0 && code !== 36) { i++; continue; }
    const currencyFirst = CURRENCY.has(text[i]!) && i + 1 < text.length && isDigit(text.charCodeAt(i + 1));
    if (!currencyFirst && !isWordChar(text, i)) { i++; continue; }
    let end = scanToken(text, currencyFirst ? i + 1 : i);
    // "500$" keeps its trailing currency sign.
    if (isDigit(text.charCodeAt(end - 1)) && end < text.length && CURRENCY.has(text[end]!)) end++;
    const value = text.slice(i, end);
    tokens.values.push(value);
    // Only a token starting with a digit or a currency sign can be a number.
    tokens.kinds.push((currencyFirst || isDigit(code)) && isNumeric(value) ? 'number' : 'word');
    tokens.hashes.push(hashOf(text, i, end));
    tokens.starts.push(i);
    tokens.ends.push(end);
    i = end;
  }
  return tokens;
}

// The checks of one comment run back to back, so remembering the last text
// is enough to share its tokens, without a WeakMap's garbage-collection cost.
let lastText: NormalizedText | null = null;
let lastTokens: Tokens | null = null;

/** Tokens of a comment's normalised text, computed once however many checks ask. */
export function tokensOf(n: NormalizedText): Tokens {
  if (n !== lastText || !lastTokens) {
    lastTokens = tokenize(n.text);
    lastText = n;
  }
  return lastTokens;
}
