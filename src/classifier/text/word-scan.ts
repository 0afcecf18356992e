// A comment's words in one pass: each as its slot in the word table, with its
// offsets in the text as sent (so evidence points at what the reader wrote),
// and where its sentences start. Plain ASCII comments (most of them) are
// scanned in place; the rest through the canonical text and its map back.
//
// A scanner owns the buffers it returns: a result is valid until the same
// scanner scans again.
import { canonicalMapped, canonicalText } from './canonical';
import { emptySurvey, surveyText, type Survey } from './survey';
import { F_H, F_H2, F_LENGTH, KEY_SEED, KEY_SEED2, STRIDE, type WordTable } from './word-table';

export interface ScannedText {
  /** The text as given. */
  text: string;
  /** How many words. */
  count: number;
  /** Per word, its slot in `table`, valid while `table.epoch` is `epoch`. */
  slots: Int32Array;
  /** Per word, its UTF-16 offsets [start, end) in `text`. */
  starts: Int32Array;
  ends: Int32Array;
  /** The word each sentence starts at, in order; the first is 0 when there are words. */
  sentenceStarts: Int32Array;
  sentences: number;
  survey: Survey;
  /**
   * The canonical text the words were read from, when it is not `text`
   * itself: the offsets are then in it until WordScanner.resolveOffsets maps
   * them to `text`. Null once they are in `text`.
   */
  canonical: string | null;
  /** Whether a link was marked. */
  sawUrl: boolean;
  table: WordTable;
  epoch: number;
}

/** \w in a regular expression without the u flag. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether /(^|\s)@\w+/ matches at the "@" at text[i]: at the start or after white space, before a word character. */
function isMentionAt(text: string, i: number): boolean {
  if (i + 1 >= text.length || !isWordChar(text.charCodeAt(i + 1))) return false;
  if (i === 0) return true;
  const p = text.charCodeAt(i - 1);
  return p === 32 || (p >= 9 && p <= 13);
}

// Letters and digits outside ASCII, learnt per code unit on first sight (a
// code point above the BMP, a surrogate pair, per code point).
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit: 0 not yet known, 1 a letter or digit, 2 neither. */
const bmpClass = new Uint8Array(65536);
const astralClass = new Map<number, boolean>();
const ASTRAL_CLASS_LIMIT = 4096;

/** How many code units at text[i] (c >= 128) make one letter or digit: 1, 2 for a surrogate pair, 0 for neither. */
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

const URL_WORD = 'xxurl';
const MENTION_WORD = 'xxmention';

export class WordScanner {
  private readonly result: ScannedText;
  private readonly urlKeys: [number, number];
  private readonly mentionKeys: [number, number];

  constructor(readonly table: WordTable) {
    this.result = {
      text: '',
      count: 0,
      slots: new Int32Array(256),
      starts: new Int32Array(256),
      ends: new Int32Array(256),
      sentenceStarts: new Int32Array(64),
      sentences: 0,
      survey: emptySurvey(),
      canonical: null,
      sawUrl: false,
      table,
      epoch: 0,
    };
    this.urlKeys = this.keysOf(URL_WORD);
    this.mentionKeys = this.keysOf(MENTION_WORD);
  }

  private keysOf(word: string): [number, number] {
    let h = KEY_SEED;
    let h2 = KEY_SEED2;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      h = Math.imul(h ^ c, 0x01000193);
      h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    return [h, h2];
  }

  /** The words of `text` (see ScannedText), in this scanner's buffers. */
  scan(text: string): ScannedText {
    const r = this.result;
    r.text = text;
    surveyText(text, r.survey);
    const s = r.survey;
    // With @mentions and no other mark the scan reads the original text too,
    // marking the mentions as the canonical text would.
    const inPlace = s.plain || s.mentionsOnly;
    const scanned = inPlace ? text : canonicalText(text, s.nonAscii, s.nonAscii ? undefined : s.linkFrom);
    r.canonical = inPlace ? null : scanned;
    const epoch = this.table.epoch;
    this.scanWords(scanned, s.mentionsOnly);
    if (this.table.epoch !== epoch) {
      // The table was cleared during the scan, so the first words' slots are
      // stale: scan again (the words are the same), now with room to spare.
      this.scanWords(scanned, s.mentionsOnly);
    }
    r.epoch = this.table.epoch;
    return r;
  }

  /**
   * Moves the offsets of the last scan from the canonical text to the text
   * as sent, building the canonical text's map (only evidence needs it).
   * Returns false, and leaves every offset -1, in the rare case the map's
   * text differs from the one scanned (folding one character at a time and
   * the whole string at once can disagree).
   */
  resolveOffsets(r: ScannedText): boolean {
    if (r.canonical === null) return true;
    const s = r.survey;
    const mapped = canonicalMapped(r.text, s.nonAscii, s.nonAscii ? undefined : s.linkFrom);
    const { starts, ends } = r;
    const ok = mapped.text === r.canonical;
    for (let k = 0; k < r.count; k++) {
      if (!ok) {
        starts[k] = ends[k] = -1;
      } else if (mapped.from && mapped.to) {
        const a = starts[k]!;
        starts[k] = mapped.from[a]!;
        ends[k] = mapped.to[ends[k]! - 1]!;
      }
    }
    r.canonical = null;
    return ok;
  }

  private reserve(n: number): void {
    const r = this.result;
    if (r.slots.length >= n) return;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n * 2);
      b.set(a);
      return b;
    };
    r.slots = grow(r.slots);
    r.starts = grow(r.starts);
    r.ends = grow(r.ends);
  }

  /**
   * Words are runs of letters, digits and apostrophes (\p{L}, \p{N} outside
   * ASCII), outer apostrophes dropped; each word's two table keys are hashed
   * while its end is searched for. A sentence ends at a line break, or at
   * ".", "!", "?" or "…" followed by white space.
   */
  private scanWords(text: string, mentions: boolean): void {
    const r = this.result;
    const table = this.table;
    const data = table.data;
    const n = text.length;
    // At most one word per two code units.
    this.reserve((n >> 1) + 2);
    const slots = r.slots;
    const starts = r.starts;
    const ends = r.ends;
    let sentenceStarts = r.sentenceStarts;
    let sentences = 0;
    let sawUrl = false;
    const [urlH, urlH2] = this.urlKeys;
    let t = 0;
    let i = 0;
    let stop = false;
    let pendingStop = false;
    for (;;) {
      let c = 0;
      // Code units of the letter or digit at i: 2 for a surrogate pair.
      let units = 1;
      let slot = -1;
      let start = i;
      let end = i;
      while (i < n) {
        c = text.charCodeAt(i);
        if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
          units = 1;
          break;
        }
        if (c >= 128) {
          units = unicodeWordUnits(text, i, c);
          if (units > 0) break;
          if (c === 0x2026) pendingStop = true;
          else if (c === 0x2028 || c === 0x2029) stop = true;
        } else if (c === 64 && mentions && isMentionAt(text, i)) {
          // What the canonical text's mention marking leaves: the word
          // "xxmention" in place of "@" and the word characters after it.
          start = i;
          slot = table.slot(this.mentionKeys[0], this.mentionKeys[1], MENTION_WORD, 0, MENTION_WORD.length);
          for (i += 2; i < n && isWordChar(text.charCodeAt(i)); i++);
          end = i;
          break;
        } else if (c === 46 || c === 33 || c === 63) pendingStop = true;
        else if (c === 10 || c === 13) stop = true;
        else if (pendingStop && (c === 32 || c === 9 || c === 12 || c === 11)) stop = true;
        i++;
      }
      if (slot < 0) {
        if (i >= n) break;
        start = i;
        let h = KEY_SEED;
        let h2 = KEY_SEED2;
        let wordH = h;
        let wordH2 = h2;
        end = i;
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
        slot = table.slot(wordH, wordH2, text, start, end);
      }
      if (t === 0 || stop) {
        if (sentences === sentenceStarts.length) {
          const bigger = new Int32Array(sentences * 2);
          bigger.set(sentenceStarts);
          sentenceStarts = bigger;
        }
        sentenceStarts[sentences++] = t;
      }
      stop = false;
      pendingStop = false;
      slots[t] = slot;
      starts[t] = start;
      ends[t] = end;
      const at = slot * STRIDE;
      if (data[at + F_H] === urlH && data[at + F_H2] === urlH2 && data[at + F_LENGTH]! === URL_WORD.length) sawUrl = true;
      t++;
    }
    r.count = t;
    r.sentences = sentences;
    r.sentenceStarts = sentenceStarts;
    r.sawUrl = sawUrl;
  }
}

/** The words of a text as strings, as the models see them before stemming. */
export function wordsOf(scanner: WordScanner, text: string): string[] {
  const r = scanner.scan(text);
  const out: string[] = [];
  for (let k = 0; k < r.count; k++) out.push(r.table.words[r.slots[k]!]!);
  return out;
}
