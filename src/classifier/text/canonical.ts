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
const INVISIBLES = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;
export const NON_ASCII = /[^\x00-\x7f]/;
const HAS_DIGIT = /\d/;

/**
 * A derived text with, per UTF-16 unit, the original range [from, to) it
 * came from; null maps mean offset for offset (a lower-cased ASCII text).
 */
export interface MappedText {
  text: string;
  from: Int32Array | null;
  to: Int32Array | null;
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

/** Growable pair of offset arrays. */
class Offsets {
  from: Int32Array;
  to: Int32Array;
  length = 0;
  constructor(size: number) {
    this.from = new Int32Array(size);
    this.to = new Int32Array(size);
  }
  push(a: number, b: number, times: number): void {
    if (this.length + times > this.from.length) {
      const size = (this.length + times) * 2;
      const f = new Int32Array(size);
      const t = new Int32Array(size);
      f.set(this.from.subarray(0, this.length));
      t.set(this.to.subarray(0, this.length));
      this.from = f;
      this.to = t;
    }
    for (let k = 0; k < times; k++) {
      this.from[this.length] = a;
      this.to[this.length++] = b;
    }
  }
  done(): { from: Int32Array; to: Int32Array } {
    return { from: this.from.subarray(0, this.length), to: this.to.subarray(0, this.length) };
  }
}

/** Case and compatibility folding, one code point at a time (marks and invisibles dropped); ASCII runs copied whole. */
function fold(text: string): MappedText {
  const parts: string[] = [];
  const map = new Offsets(text.length + 16);
  let run = -1;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    if (cp < 128) {
      if (run < 0) run = i;
      map.push(i, i + 1, 1);
      i++;
      continue;
    }
    if (run >= 0) {
      parts.push(text.slice(run, i).toLowerCase());
      run = -1;
    }
    const units = cp > 0xffff ? 2 : 1;
    const out = foldCodePoint(cp);
    parts.push(out);
    map.push(i, i + units, out.length);
    i += units;
  }
  if (run >= 0) parts.push(text.slice(run).toLowerCase());
  return { text: parts.join(''), ...map.done() };
}

/**
 * Rewrites each match of `pattern` (global) as `replace` says: words put
 * before and after it, and whether the matched characters stay. Inserted
 * characters point at the whole match.
 */
function rewrite(m: MappedText, pattern: RegExp, replace: (match: RegExpExecArray) => { before: string; keep: boolean; after: string; skip?: number }, fromIndex = 0): MappedText {
  const parts: string[] = [];
  const map = new Offsets(m.text.length + 32);
  const fromOf = (i: number) => (m.from ? m.from[i]! : i);
  const toOf = (i: number) => (m.to ? m.to[i]! : i + 1);
  const copy = (a: number, b: number) => {
    parts.push(m.text.slice(a, b));
    for (let i = a; i < b; i++) map.push(fromOf(i), toOf(i), 1);
  };
  const insert = (s: string, a: number, b: number) => {
    parts.push(s);
    map.push(a, b, s.length);
  };
  let last = 0;
  pattern.lastIndex = fromIndex;
  for (let match = pattern.exec(m.text); match; match = pattern.exec(m.text)) {
    const r = replace(match);
    const start = match.index + (r.skip ?? 0);
    const end = match.index + match[0].length;
    copy(last, start);
    const a = start < m.text.length ? fromOf(start) : 0;
    const b = end > 0 ? toOf(end - 1) : a;
    insert(r.before, a, b);
    if (r.keep) copy(start, end);
    insert(r.after, a, b);
    last = end;
    if (match[0].length === 0) pattern.lastIndex++;
  }
  if (last === 0) return m;
  copy(last, m.text.length);
  return { text: parts.join(''), ...map.done() };
}

/**
 * The canonical text with its map to the original. `linkFrom` (ASCII only):
 * no link starts before it (-1: none at all), so the link pattern, the
 * costliest step, skips the text before it.
 */
export function canonicalMapped(text: string, nonAscii = NON_ASCII.test(text), linkFrom?: number): MappedText {
  let m: MappedText = nonAscii ? fold(text) : { text: text.toLowerCase(), from: null, to: null };
  if (linkFrom !== undefined && !nonAscii) {
    if (linkFrom >= 0) m = rewrite(m, URL_PATTERN, () => ({ before: ' xxurl ', keep: true, after: ' ' }), linkFrom);
  } else if (URL_HINT.test(m.text)) m = rewrite(m, URL_PATTERN, () => ({ before: ' xxurl ', keep: true, after: ' ' }));
  if (m.text.includes('@')) m = rewrite(m, MENTION_PATTERN, (match) => ({ before: ' xxmention ', keep: false, after: '', skip: match[1]!.length }));
  if (HAS_DIGIT.test(m.text)) m = rewrite(m, LONG_NUMBER_PATTERN, () => ({ before: ' xxnumber ', keep: true, after: ' ' }));
  return m;
}

/**
 * The canonical text alone, from whole-string operations (several times
 * faster than canonicalMapped, which builds the map character by character):
 * what the scan reads. The map is built only when evidence needs offsets,
 * and checked to give the same text (see WordScanner.resolveOffsets).
 */
export function canonicalText(text: string, nonAscii = NON_ASCII.test(text), linkFrom?: number): string {
  let s = nonAscii ? text.normalize('NFKD').replace(COMBINING_MARKS, '').normalize('NFKC').toLowerCase().replace(INVISIBLES, '') : text.toLowerCase();
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
