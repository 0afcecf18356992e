// The text the models read: case-folded, NFKC, marks and invisible characters
// removed, with links, @mentions and long numbers marked by placeholder
// words. Kept apart from the engine's normaliser so shipped models stay
// reproducible when that changes. Every character of the result knows which
// characters of the original it came from, so evidence can point at what the
// reader wrote.

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|ly|co|tk|ru|io|me|us|uk|tv)\b\S*/g;
/** What every link URL_PATTERN finds contains: a dot before a non-space, or "://". */
const URL_HINT = /\.\S|:\/\//;
const MENTION_PATTERN = /(^|\s)@\w+/g;
const LONG_NUMBER_PATTERN = /\d[\d\s-]{4,}\d/g;
const COMBINING_MARKS = /\p{M}/gu;
const INVISIBLE = /^[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]$/;
export const NON_ASCII = /[^\x00-\x7f]/;
const HAS_DIGIT = /\d/;

/** A derived text with, per UTF-16 unit, the original range [from, to) it came from. */
export interface MappedText {
  text: string;
  from: Int32Array;
  to: Int32Array;
}

// Folded forms of the code points outside ASCII, learnt on first sight.
const FOLD_CACHE_LIMIT = 8192;
const folded = new Map<number, string>();

function foldCodePoint(cp: number): string {
  let out = folded.get(cp);
  if (out === undefined) {
    const ch = String.fromCodePoint(cp);
    out = INVISIBLE.test(ch) ? '' : ch.normalize('NFKD').replace(COMBINING_MARKS, '').normalize('NFKC').toLowerCase();
    if (folded.size < FOLD_CACHE_LIMIT) folded.set(cp, out);
  }
  return out;
}

function identity(text: string): MappedText {
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    from[i] = i;
    to[i] = i + 1;
  }
  return { text: text.toLowerCase(), from, to };
}

/** Case and compatibility folding, one code point at a time (marks and invisibles dropped). */
function fold(text: string): MappedText {
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const out = cp < 128 ? String.fromCharCode(cp >= 65 && cp <= 90 ? cp | 32 : cp) : foldCodePoint(cp);
    parts.push(out);
    for (let k = 0; k < out.length; k++) {
      from.push(i);
      to.push(i + units);
    }
    i += units;
  }
  return { text: parts.join(''), from: Int32Array.from(from), to: Int32Array.from(to) };
}

/**
 * Rewrites each match of `pattern` (global) as `replace` says: words put
 * before and after it, and whether the matched characters stay. Inserted
 * characters point at the whole match.
 */
function rewrite(m: MappedText, pattern: RegExp, replace: (match: RegExpExecArray) => { before: string; keep: boolean; after: string; skip?: number }, fromIndex = 0): MappedText {
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const copy = (a: number, b: number) => {
    parts.push(m.text.slice(a, b));
    for (let i = a; i < b; i++) {
      from.push(m.from[i]!);
      to.push(m.to[i]!);
    }
  };
  const insert = (s: string, a: number, b: number) => {
    parts.push(s);
    for (let i = 0; i < s.length; i++) {
      from.push(a);
      to.push(b);
    }
  };
  let last = 0;
  pattern.lastIndex = fromIndex;
  for (let match = pattern.exec(m.text); match; match = pattern.exec(m.text)) {
    const r = replace(match);
    const start = match.index + (r.skip ?? 0);
    const end = match.index + match[0].length;
    copy(last, start);
    const a = m.from[start] ?? 0;
    const b = m.to[end - 1] ?? a;
    insert(r.before, a, b);
    if (r.keep) copy(start, end);
    insert(r.after, a, b);
    last = end;
    if (match[0].length === 0) pattern.lastIndex++;
  }
  if (last === 0) return m;
  copy(last, m.text.length);
  return { text: parts.join(''), from: Int32Array.from(from), to: Int32Array.from(to) };
}

/**
 * The canonical text with its map to the original. `linkFrom` (ASCII only):
 * no link starts before it (-1: none at all), so the link pattern, the
 * costliest step, skips the text before it.
 */
export function canonicalMapped(text: string, nonAscii = NON_ASCII.test(text), linkFrom?: number): MappedText {
  let m = nonAscii ? fold(text) : identity(text);
  if (linkFrom !== undefined && !nonAscii) {
    if (linkFrom >= 0) m = rewrite(m, URL_PATTERN, () => ({ before: ' xxurl ', keep: true, after: ' ' }), linkFrom);
  } else if (URL_HINT.test(m.text)) m = rewrite(m, URL_PATTERN, () => ({ before: ' xxurl ', keep: true, after: ' ' }));
  if (m.text.includes('@')) m = rewrite(m, MENTION_PATTERN, (match) => ({ before: ' xxmention ', keep: false, after: '', skip: match[1]!.length }));
  if (HAS_DIGIT.test(m.text)) m = rewrite(m, LONG_NUMBER_PATTERN, () => ({ before: ' xxnumber ', keep: true, after: ' ' }));
  return m;
}

/** The canonical text alone. */
export function canonicalText(text: string): string {
  return canonicalMapped(text).text;
}

/** Normalised text used to find duplicates across corpora and folds. */
export function dedupeKey(text: string): string {
  return canonicalText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
