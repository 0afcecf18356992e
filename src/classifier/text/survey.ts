// One pass over the original text before its words are scanned: the counts
// the shape features need (case and punctuation matter there), and whether
// the text is plain, i.e. ASCII with nothing the canonical text would mark
// (no link, @mention or long number), so its words can be scanned in place;
// or ASCII whose only marks are @mentions, which the scan marks itself.

export interface Survey {
  upper: number;
  letters: number;
  exclaims: number;
  plain: boolean;
  mentionsOnly: boolean;
  nonAscii: boolean;
  /** Runs of ASCII letters and digits: the words of an ASCII text. */
  wordRuns: number;
  /** No link can start before this offset (-1: the text has none). */
  linkFrom: number;
}

export function emptySurvey(): Survey {
  return { upper: 0, letters: 0, exclaims: 0, plain: true, mentionsOnly: false, nonAscii: false, wordRuns: 0, linkFrom: -1 };
}

const LONG_NUMBER = /\d[\d\s-]{4,}\d/;
// The survey's classes of ASCII characters, as bits, so the common
// characters are counted without a branch: letters and digits alternate
// with spaces and punctuation too irregularly for branches to be predicted.
const ALNUM = 1;
const LETTER = 2;
const UPPER = 4;
const DIGIT = 8;
/** "!", "@", "." and ":": the rare characters tested one by one (from this bit up). */
const SPECIAL = 16;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = ALNUM | LETTER;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = ALNUM | LETTER | UPPER;
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = ALNUM | DIGIT;
for (const c of '!@.:') ASCII_CLASS[c.charCodeAt(0)] = SPECIAL;

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Surveys `text` into `out`. */
export function surveyText(text: string, out: Survey): void {
  let upper = 0;
  let letters = 0;
  let exclaims = 0;
  let nonAscii = false;
  /** The classes seen, OR-ed (DIGIT tells whether there is a digit). */
  let seen = 0;
  let at = false;
  let link = false;
  /** Where the first of the link signs is. */
  let linkAt = -1;
  let wordRuns = 0;
  let inRun = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      nonAscii = true;
      inRun = 0;
      continue;
    }
    const k = ASCII_CLASS[c]!;
    const alnum = k & ALNUM;
    wordRuns += alnum & ~inRun;
    inRun = alnum;
    letters += (k >> 1) & 1;
    upper += (k >> 2) & 1;
    seen |= k;
    if (k < SPECIAL) continue;
    if (c === 33) exclaims++;
    else if (c === 64) at = true;
    else if (c === 46) {
      if (i > 0 && i + 1 < n) {
        // What every match of the link pattern (on the lower-cased text)
        // holds: a dot after [a-z0-9-] and before the first letter of one of
        // its endings (c n o i b l t r m u), or "www." before a non-space, or
        // "://". Without one the pattern cannot match.
        const p = text.charCodeAt(i - 1);
        const pl = p | 32;
        if ((pl >= 97 && pl <= 122) || (p >= 48 && p <= 57) || p === 45) {
          const d = text.charCodeAt(i + 1);
          const dl = d | 32;
          if (dl === 99 || dl === 110 || dl === 111 || dl === 105 || dl === 98 || dl === 108 || dl === 116 || dl === 114 || dl === 109 || dl === 117) link = true;
          else if (pl === 119 && !isSpaceCode(d)) link = true;
          if (link && linkAt < 0) linkAt = i;
        }
      }
    } else if (text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) {
      link = true;
      if (linkAt < 0) linkAt = i;
    }
  }
  // A link holds no white space and holds one of those signs, so none starts
  // before the white space that precedes the first sign.
  let linkFrom = linkAt;
  while (linkFrom > 0 && !isSpaceCode(text.charCodeAt(linkFrom - 1))) linkFrom--;
  out.linkFrom = linkFrom;
  // Removing @mentions never makes a long number, so the original text tells.
  const unmarked = !nonAscii && !link && !((seen & DIGIT) !== 0 && LONG_NUMBER.test(text));
  out.upper = upper;
  out.letters = letters;
  out.exclaims = exclaims;
  out.plain = unmarked && !at;
  out.mentionsOnly = unmarked && at;
  out.nonAscii = nonAscii;
  out.wordRuns = wordRuns;
}
