// The words of a normalised comment, sentence by sentence, for the threat
// and dehumanisation grammars: each word with its offsets in the normalised
// text and whether it stands inside quotation marks (a quoted threat is
// reported, not made).
import type { NormalizedText } from '../types';

export interface HarmWord {
  /** Lower case, with "n't" and "'ll"-style endings kept on the word. */
  w: string;
  start: number;
  end: number;
  quoted: boolean;
  /** Whether the reader wrote it with a capital (a name, or a sentence's first word). */
  capital: boolean;
}

export type HarmSentence = HarmWord[];

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const DOUBLE_QUOTES = new Set(['"', '“', '”', '«', '»', '„']);

/** Sentences end at ".", "!", "?" or a line break; words carry whether an odd number of double quotes precede them. */
export function harmSentences(text: NormalizedText): HarmSentence[] {
  const s = text.text;
  const out: HarmSentence[] = [];
  let current: HarmSentence = [];
  let quoted = false;
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(s); m; m = WORD.exec(s)) {
    for (let i = last; i < m.index; i++) {
      const c = s[i]!;
      if (DOUBLE_QUOTES.has(c)) quoted = !quoted;
      else if ((c === '.' || c === '!' || c === '?' || c === '\n' || c === ';') && current.length > 0) {
        out.push(current);
        current = [];
      }
    }
    const first = text.original[text.toOriginal[m.index]!] ?? '';
    current.push({ w: m[0].replace(/’/g, "'"), start: m.index, end: m.index + m[0].length, quoted, capital: first !== first.toLowerCase() });
    last = m.index + m[0].length;
  }
  if (current.length > 0) out.push(current);
  return out;
}
