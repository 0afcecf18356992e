// The profanity "skeleton" of normalised text: the form in which evasions
// look like the word they hide. On top of the general normaliser it
//  - reads leetspeak inside words ("sh1t", "@ss", "a$$"),
//  - turns masking characters into wildcards ("f*ck", "f#ck"),
//  - joins runs of single letters spaced out by separators ("f u c k", "f.u.c.k"),
//  - collapses repeated letters ("fuuuuck"), remembering how many there were
//    so "ass" still differs from "as" and "nigger" from "Niger".
// Each skeleton character keeps the normalised range it stands for, so a
// match maps back to exact original offsets.

/** Skeleton alphabet: 0-25 are the letters a-z, then the word separator and the mask wildcard. */
export const SPACE = 26;
export const MASK = 27;
/** A digit in a word too short to read as leetspeak ("A55" road): part of the word, never a letter. */
export const OPAQUE = 28;

/** Per skeleton character: how the writer got there (for messages and actions). */
export const FLAG_LEET = 1;
export const FLAG_MASK = 2;
export const FLAG_JOINED = 4;

export interface Skeleton {
  length: number;
  /** Letter codes (0-25), SPACE or MASK. */
  codes: Uint8Array;
  /** How many times in a row the writer repeated this character (capped at 255). */
  repeats: Uint8Array;
  flags: Uint8Array;
  /** The normalised range [from, to) each skeleton character stands for. */
  from: Uint32Array;
  to: Uint32Array;
  /**
   * The words (runs between SPACEs) with a masking or leetspeak character,
   * as skeleton ranges: start and end of the k-th at 2k and 2k + 1. Only
   * these can need a wildcard reading, and most comments have none.
   */
  evasive: Uint32Array;
  evasiveCount: number;
  /**
   * The positions a list match can start at, ascending: every word start,
   * every letter of a joined word, and the letters inside words that the
   * caller's `insideStarts` table names. The matcher walks from these only,
   * rather than testing every character (most are inside a word, where only
   * a few entries may start).
   */
  walkStarts: Uint32Array;
  walkStartCount: number;
}

/** An `insideStarts` table that names every letter: walkStarts then holds every letter position. */
export const EVERY_LETTER: Uint8Array = new Uint8Array(32).fill(1, 0, 26);

// Character classes of the normalised text.
const SEPARATOR = 0;
const LETTER = 1;
const LEET = 2; // digits and symbols that stand for letters inside a word
const MASKING = 3;

// Leetspeak readings: the obscenity leetspeak table (data/corpora/profanity),
// plus the common 8=b, 9=g, |=i and +=t.
const LEET_LETTER: Record<string, string> = {
  '4': 'a', '@': 'a', '8': 'b', '(': 'c', '3': 'e', '6': 'g', '9': 'g', '1': 'i', '!': 'i', '|': 'i',
  '0': 'o', '$': 's', '5': 's', '7': 't', '+': 't', '2': 'z',
};

const CLASS = new Uint8Array(128);
const LEET_CODE = new Uint8Array(128);
for (let c = 97; c <= 122; c++) CLASS[c] = LETTER;
for (const [ch, letter] of Object.entries(LEET_LETTER)) {
  CLASS[ch.charCodeAt(0)] = LEET;
  LEET_CODE[ch.charCodeAt(0)] = letter.charCodeAt(0) - 97;
}
for (const ch of '*#%?') CLASS[ch.charCodeAt(0)] = MASKING;

// Sentence punctuation and decoration that can touch a word without being part of it.
// Tables rather than Sets: they are read for every word.
const TRIM_START = new Uint8Array(128);
const TRIM_END = new Uint8Array(128);
for (const ch of '!?(|+#%*') TRIM_START[ch.charCodeAt(0)] = 1;
for (const ch of '!?(|+#%@') TRIM_END[ch.charCodeAt(0)] = 1;
const STAR = 42;

const isDigit = (code: number) => code >= 48 && code <= 57;

// Word-like runs of the text, kept in reusable typed arrays rather than one
// object per word: per-word allocations made garbage collection a fifth of
// the profanity check's time.
let tokStart = new Uint32Array(256);
let tokEnd = new Uint32Array(256);
let tokLetters = new Uint32Array(256);

function pushToken(count: number, start: number, end: number, letters: number): void {
  if (count === tokStart.length) {
    const grow = (a: Uint32Array) => {
      const b = new Uint32Array(a.length * 2);
      b.set(a);
      return b;
    };
    tokStart = grow(tokStart);
    tokEnd = grow(tokEnd);
    tokLetters = grow(tokLetters);
  }
  tokStart[count] = start;
  tokEnd[count] = end;
  tokLetters[count] = letters;
}

/** Word-like runs of the text, with decoration trimmed from their edges; returns how many. */
function tokenize(text: string): number {
  let count = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const first = text.charCodeAt(i);
    if (first >= 128 || CLASS[first] === SEPARATOR) {
      i++;
      continue;
    }
    // Trimmed decoration is never a letter, so letters are counted on the way.
    let letters = CLASS[first] === LETTER ? 1 : 0;
    let end = i + 1;
    for (; end < n; end++) {
      const code = text.charCodeAt(end);
      if (code >= 128) break;
      const cls = CLASS[code]!;
      if (cls === SEPARATOR) break;
      if (cls === LETTER) letters++;
    }
    let start = i;
    i = end;
    let starred = false;
    while (start < end && TRIM_START[text.charCodeAt(start)] === 1) {
      if (text.charCodeAt(start) === STAR) starred = true;
      start++;
    }
    // "*word*" is emphasis; a trailing star alone is a mask ("f***").
    while (end > start && (TRIM_END[text.charCodeAt(end - 1)] === 1 || (starred && text.charCodeAt(end - 1) === STAR))) end--;
    if (end === start) continue;
    pushToken(count++, start, end, letters);
  }
  return count;
}

/**
 * Where words end: spaced-out letters ("f u c k", "f.u.c.k"), three or more
 * one-character tokens with at least two real letters, join into one word (so
 * a word of more than one token is a joined one).
 *
 * The run of one-character tokens a token starts is measured once for the
 * whole run, not again from each of its tokens: "1 1 1 ..." is a run with no
 * letters, every token of which stays a word of its own, and measuring it
 * afresh from each token made 20,000 such characters cost 400 ms.
 */
class WordEnds {
  /** The run of one-character tokens being walked: [from, runEnd), and the letters in [from, runEnd). */
  private runEnd = 0;
  private runLetters = 0;

  constructor(private readonly starts: Uint32Array, private readonly ends: Uint32Array, private readonly lettersOf: Uint32Array, private readonly count: number) {}

  /** Where the word starting at token i ends; calls come with i ascending. */
  from(i: number): number {
    if (i >= this.runEnd) {
      // A new run (possibly empty: a longer token) starts at i.
      let j = i;
      let letters = 0;
      while (j < this.count && this.ends[j]! - this.starts[j]! === 1) letters += this.lettersOf[j++]!;
      this.runEnd = j;
      this.runLetters = letters;
    }
    const end = this.runEnd - i >= 3 && this.runLetters >= 2 ? this.runEnd : i + 1;
    // The tokens the word takes leave the run; what is left of it keeps its letter count.
    if (end === this.runEnd) this.runLetters = 0;
    else if (i < this.runEnd) this.runLetters -= this.lettersOf[i]!;
    return end;
  }
}

// Scratch buffers reused by every call: allocating five arrays per comment
// made garbage collection a tenth of the profanity check's time.
let scratch = allocate(1024);

function allocate(capacity: number) {
  return {
    codes: new Uint8Array(capacity),
    repeats: new Uint8Array(capacity),
    flags: new Uint8Array(capacity),
    from: new Uint32Array(capacity),
    to: new Uint32Array(capacity),
    // Two entries a word, and a word takes at least two of the capacity's characters (itself and a space).
    evasive: new Uint32Array(capacity),
    walkStarts: new Uint32Array(capacity),
  };
}

/**
 * The skeleton's arrays are shared scratch space: valid until the next call.
 * `insideStarts` has a 1 at each letter code (0-25, size 32) that a match may
 * start with inside a word; see `walkStarts`.
 */
export function buildSkeleton(text: string, insideStarts: Uint8Array = EVERY_LETTER): Skeleton {
  const capacity = text.length * 2 + 1;
  if (scratch.codes.length < capacity) scratch = allocate(Math.max(capacity, scratch.codes.length * 2));
  const { codes, repeats, flags, from, to, evasive, walkStarts } = scratch;
  let evasiveCount = 0;
  let walkStartCount = 0;
  // (No helper closures here: a closure over `length` would move it to the heap on the hottest loop.)
  let length = 0;

  const count = tokenize(text);
  // Module-level arrays read through locals: the loop below reads them per character.
  const starts = tokStart;
  const ends = tokEnd;
  const lettersOf = tokLetters;
  const wordEnds = new WordEnds(starts, ends, lettersOf, count);
  for (let i = 0; i < count; ) {
    const end = wordEnds.from(i);
    const joined = end - i > 1;
    if (length > 0 && codes[length - 1] !== SPACE) {
      const at = starts[i]!;
      codes[length] = SPACE;
      repeats[length] = 1;
      flags[length] = 0;
      from[length] = at;
      to[length] = at;
      length++;
    }
    let letters = 0;
    for (let p = i; p < end; p++) letters += lettersOf[p]!;
    const first = i;
    i = end;
    // Numbers, prices and bare symbols are not words: they only separate.
    if (letters === 0) continue;
    // Digits read as letters only beside at least two real ones ("5h1t" yes, "A55" no).
    const readDigits = letters >= 2;
    const joinedBits = joined ? FLAG_JOINED : 0;
    // The previous character's code in this word (-1 at its start), kept in
    // a local rather than read back from the array for every character.
    let previous = -1;
    let wordFlags = 0;
    const wordStart = length;
    for (let p = first; p < end; p++) {
      const stop = ends[p]!;
      for (let k = starts[p]!; k < stop; k++) {
        const ch = text.charCodeAt(k);
        const cls = CLASS[ch]!;
        // Inside a token every character is a letter, leetspeak or a mask.
        let code: number;
        let flag = joinedBits;
        if (cls === LETTER) {
          code = ch - 97;
        } else if (cls === LEET) {
          if (!readDigits && isDigit(ch)) code = OPAQUE;
          else {
            code = LEET_CODE[ch]!;
            flag |= FLAG_LEET;
          }
        } else {
          code = MASK;
          flag |= FLAG_MASK;
        }
        wordFlags |= flag;
        if (code === previous) {
          const last = length - 1;
          if (repeats[last]! < 255) repeats[last]!++;
          flags[last]! |= flag;
          to[last] = k + 1;
          continue;
        }
        previous = code;
        // Where a match may start: a word start, anywhere in a joined word, or a letter some entry starts with inside words.
        if (code < SPACE && (length === wordStart || joined || insideStarts[code] === 1)) walkStarts[walkStartCount++] = length;
        codes[length] = code;
        repeats[length] = 1;
        flags[length] = flag;
        from[length] = k;
        to[length] = k + 1;
        length++;
      }
    }
    if (wordFlags & (FLAG_LEET | FLAG_MASK)) {
      evasive[2 * evasiveCount] = wordStart;
      evasive[2 * evasiveCount + 1] = length;
      evasiveCount++;
    }
  }
  if (length > 0 && codes[length - 1] === SPACE) length--;
  return { length, codes, repeats, flags, from, to, evasive, evasiveCount, walkStarts, walkStartCount };
}

/** Readable form of skeleton [start, end), for messages and tests. */
export function skeletonText(s: Skeleton, start = 0, end = s.length): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const code = s.codes[i]!;
    out += code === SPACE ? ' ' : code === MASK ? '*' : code === OPAQUE ? '#' : String.fromCharCode(97 + code);
  }
  return out;
}
