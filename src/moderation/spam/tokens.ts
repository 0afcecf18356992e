// Word tokens of normalised text. The checks get them through
// comment-text.ts, which computes them once per comment (in one pass with
// the shape measurements for ASCII text) however many checks read words.

/** Token kinds. A number is digits, maybe with thousands separators, a decimal part, a currency sign or a k/m suffix. */
export const WORD = 0;
export const NUMBER = 1;

/**
 * The tokens of one text, in typed arrays: a comment's 40 words used to cost
 * 40 substrings and five growing arrays, a fifth of the pattern check's time.
 * A token's text is cut only when a check asks for it (`value`).
 */
export class Tokens {
  count = 0;
  /** WORD or NUMBER per token (currency signs are part of numbers). */
  kinds: Uint8Array;
  /** Normalised offsets [start, end) of each token. */
  starts: Uint32Array;
  ends: Uint32Array;
  /** A 32-bit hash of each token's text, for cheap counting (equal texts, equal hashes). */
  hashes: Int32Array;

  text = '';

  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Uint32Array(capacity);
    this.ends = new Uint32Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  /** Empties the tokens for `text`, growing the arrays to `capacity` when needed. */
  reset(text: string, capacity: number): void {
    this.text = text;
    this.count = 0;
    if (this.starts.length >= capacity) return;
    const size = Math.max(capacity, 2 * this.starts.length);
    this.kinds = new Uint8Array(size);
    this.starts = new Uint32Array(size);
    this.ends = new Uint32Array(size);
    this.hashes = new Int32Array(size);
  }

  /** The text of token i, as in the normalised text. */
  value(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /** Every token's text (list compilation and tests; the hot path uses `value`). */
  values(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.value(i));
    return out;
  }

  /** Whether token i is `word`, without cutting it out. */
  is(i: number, word: string): boolean {
    const start = this.starts[i]!;
    if (this.ends[i]! - start !== word.length) return false;
    for (let k = 0; k < word.length; k++) if (this.text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  /** Whether tokens i and j are the same text, without cutting either. */
  same(i: number, j: number): boolean {
    if (this.hashes[i] !== this.hashes[j]) return false;
    const a = this.starts[i]!;
    const b = this.starts[j]!;
    const length = this.ends[i]! - a;
    if (this.ends[j]! - b !== length) return false;
    for (let k = 0; k < length; k++) if (this.text.charCodeAt(a + k) !== this.text.charCodeAt(b + k)) return false;
    return true;
  }
}

const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CURRENCY = new Set(['$', '£', '€', '¥', '₹', '₽', '₿']);

/** An ASCII digit. */
export function isDigit(code: number): boolean {
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
  const n = text.length;
  while (j < n) {
    // ASCII letters and digits first, without a call: most of every word.
    const code = text.charCodeAt(j);
    if (code < 128 && ASCII_WORD[code] === 1) {
      j++;
      continue;
    }
    if (code >= 128 && isWordChar(text, j)) {
      j += text.charCodeAt(j) >= 0xd800 && text.charCodeAt(j) <= 0xdbff ? 2 : 1;
      continue;
    }
    // Only an apostrophe, comma or full stop can continue a token.
    const apostrophe = code === 39 || code === 0x2019; // ' and ’
    if (!apostrophe && code !== 44 && code !== 46) break;
    const inner = j + 1 < n && isWordChar(text, j + 1);
    // "don't", "1,000", "2.5" stay one token; "end.Next" does not join words.
    if (inner && apostrophe) { j++; continue; }
    if (inner && isDigit(text.charCodeAt(j - 1)) && isDigit(text.charCodeAt(j + 1))) { j++; continue; }
    break;
  }
  return j;
}

/** Whether text[start, end) reads as a number: digits, with separators, currency signs or a k/m suffix. */
export function isNumeric(text: string, start: number, end: number): boolean {
  let digits = 0;
  for (let k = start; k < end; k++) {
    const code = text.charCodeAt(k);
    if (isDigit(code)) digits++;
    else if (!(code === 44 || code === 46 || CURRENCY.has(text[k]!) || ((code === 107 || code === 109) && k === end - 1))) return false;
  }
  return digits > 0;
}

/** FNV-1a over the UTF-16 units of text[start, end): the hash stored for a token. */
export function hashOf(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h | 0;
}

export function tokenize(text: string, into: Tokens = new Tokens(0)): Tokens {
  const tokens = into;
  // Every token takes at least one character.
  tokens.reset(text, text.length + 1);
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < 128 && ASCII_WORD[code] === 0 && code !== 36) { i++; continue; }
    const currencyFirst = (code === 36 || code >= 128) && CURRENCY.has(text[i]!) && i + 1 < text.length && isDigit(text.charCodeAt(i + 1));
    if (!currencyFirst && !isWordChar(text, i)) { i++; continue; }
    let end = scanToken(text, currencyFirst ? i + 1 : i);
    // "500$" keeps its trailing currency sign.
    if (isDigit(text.charCodeAt(end - 1)) && end < text.length && CURRENCY.has(text[end]!)) end++;
    // Only a token starting with a digit or a currency sign can be a number.
    tokens.kinds[count] = (currencyFirst || isDigit(code)) && isNumeric(text, i, end) ? NUMBER : WORD;
    tokens.hashes[count] = hashOf(text, i, end);
    tokens.starts[count] = i;
    tokens.ends[count] = end;
    count++;
    i = end;
  }
  tokens.count = count;
  return tokens;
}
