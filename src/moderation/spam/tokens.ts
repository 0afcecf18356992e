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
}

const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CURRENCY = new Set(['$', '£', '€', '¥', '₹', '₽', '₿']);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return isDigit(code) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
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

export function tokenize(text: string): Tokens {
  const tokens: Tokens = { values: [], kinds: [], starts: [], ends: [] };
  let i = 0;
  while (i < text.length) {
    const currencyFirst = CURRENCY.has(text[i]!) && i + 1 < text.length && isDigit(text.charCodeAt(i + 1));
    if (!currencyFirst && !isWordChar(text, i)) { i++; continue; }
    let end = scanToken(text, currencyFirst ? i + 1 : i);
    // "500$" keeps its trailing currency sign.
    if (isDigit(text.charCodeAt(end - 1)) && end < text.length && CURRENCY.has(text[end]!)) end++;
    const value = text.slice(i, end);
    tokens.values.push(value);
    tokens.kinds.push(isNumeric(value) ? 'number' : 'word');
    tokens.starts.push(i);
    tokens.ends.push(end);
    i = end;
  }
  return tokens;
}

const cache = new WeakMap<NormalizedText, Tokens>();

/** Tokens of a comment's normalised text, computed on first use. */
export function tokensOf(n: NormalizedText): Tokens {
  let tokens = cache.get(n);
  if (!tokens) {
    tokens = tokenize(n.text);
    cache.set(n, tokens);
  }
  return tokens;
}
