// eld's detection, scored from its own database in flat arrays. eld.detect
// walks each n-gram's languages with for-in over an object and builds sorted
// result objects for getScores and isReliable; per 64-character sample that
// took about 25 µs, as much again as the rest of the profanity path. The
// steps here are eld 2.1's (languageDetector.js, LanguageResult.js: text to
// UTF-8 byte words, 4-byte n-grams at a stride of 3, summed scores, scaled
// s / (s + 25) per n-gram, the reliability test), with its data, dictionary,
// separators and average scores (its n-grams from the compact copy in
// ngram-file.ts); tests/unit/languages/eld-scorer.test.ts
// checks that it gives eld.detect's language, scores and reliability.
// byteWords and byteNgrams are adapted from eld 2.1, Copyright 2023 Nito T.M.,
// Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0).
import { eldTables } from './eld-library';
import { loadNgramTable, type NgramTable } from './ngram-file';

/** eld subtracts this from every stored score to keep its database small. */
const BASE_NGRAM_SCORE = 53;
/** eld's scale for raw scores ("handpicked"). */
const SCALE = 25;
/** eld's default reliability threshold. */
const RELIABLE_RATIO = 0.75;
/** eld reads at most this many bytes, cutting at the first space past CUT_AFTER. */
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;

export interface EldScores {
  /** eld's language, or "" when no n-gram is known. */
  language: string;
  reliable: boolean;
  /** Scaled score of the best language and of the runner-up (0 when there is none). */
  best: number;
  second: number;
  /** Scaled score of a language, 0 when it scored nothing. */
  scoreOf(code: string): number;
}

interface Table extends NgramTable {
  indexOf: Map<string, number>;
  dictionary: readonly string[];
  separators: RegExp;
  avgScore: Record<string, number>;
}

let table: Table | undefined;

/** Read on first use, once per process (about 80 ms): the n-grams from the compact file, the small tables from eld itself. */
function buildTable(): Table {
  const { dictionary, separators, avgScore } = eldTables();
  const ngrams = loadNgramTable();
  return { ...ngrams, indexOf: new Map(ngrams.codes.map((c, i) => [c, i])), dictionary, separators, avgScore };
}

/** eld's strToUtf8Bytes: the words, each UTF-8 byte spelled with the dictionary (ASCII as itself). */
function byteWords(str: string, dictionary: readonly string[]): string[] {
  let encoded = '';
  const words: string[] = [];
  let countBytes = 0;
  for (let ii = 0; ii < str.length; ii++) {
    let charCode = str.charCodeAt(ii);
    if (charCode < 0x80) {
      if (charCode === 32) {
        if (encoded !== '') {
          words.push(encoded);
          encoded = '';
        }
        if (countBytes > CUT_AFTER) break;
      } else {
        encoded += str[ii];
      }
      countBytes++;
    } else if (charCode < 0x800) {
      encoded += dictionary[0xc0 | (charCode >> 6)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 2;
    } else if (charCode < 0xd800 || charCode >= 0xe000) {
      encoded += dictionary[0xe0 | (charCode >> 12)]! + dictionary[0x80 | ((charCode >> 6) & 0x3f)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 3;
    } else {
      ii++;
      charCode = 0x10000 + (((charCode & 0x3ff) << 10) | (str.charCodeAt(ii) & 0x3ff));
      encoded +=
        dictionary[0xf0 | (charCode >> 18)]! + dictionary[0x80 | ((charCode >> 12) & 0x3f)]! + dictionary[0x80 | ((charCode >> 6) & 0x3f)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 4;
    }
    if (countBytes > ENFORCE_CUT_AFTER) break;
  }
  if (encoded !== '') words.push(encoded);
  return words;
}

/** eld's getByteNgrams: distinct 4-byte n-grams at a stride of 3, word starts and ends marked with a space. */
function byteNgrams(words: string[]): Set<string> {
  const out = new Set<string>();
  for (const word of words) {
    const len = word.length > 70 ? 70 : word.length;
    let j = 0;
    for (; j + 4 < len; j += 3) out.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
    out.add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
  }
  return out;
}

export function eldScores(text: string): EldScores {
  const t = (table ??= buildTable());
  t.separators.lastIndex = 0;
  const grams = byteNgrams(byteWords(text.substring(0, 1000).replace(t.separators, ' ').trim().toLowerCase(), t.dictionary));
  const raw = new Float64Array(t.codes.length);
  const entries = t.entries;
  for (const gram of grams) {
    const at = t.offsets.get(gram);
    if (at === undefined) continue;
    const end = at + 1 + 2 * entries[at]!;
    for (let i = at + 1; i < end; i += 2) raw[entries[i]!]! += entries[i + 1]! + BASE_NGRAM_SCORE;
  }
  const count = grams.size;
  // The best and the runner-up, ties to the lower index, as eld's stable sort orders them.
  let bestIndex = -1;
  let secondIndex = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i]! <= 0) continue;
    if (bestIndex < 0 || raw[i]! > raw[bestIndex]!) {
      secondIndex = bestIndex;
      bestIndex = i;
    } else if (secondIndex < 0 || raw[i]! > raw[secondIndex]!) secondIndex = i;
  }
  const scaled = (i: number) => {
    if (i < 0 || raw[i]! <= 0) return 0;
    const s = raw[i]! / count;
    return s / (s + SCALE);
  };
  const best = scaled(bestIndex);
  const language = bestIndex < 0 ? '' : t.codes[bestIndex]!;
  // eld's isReliable compares the best score with results[1][0], the runner-up's language index.
  const next = secondIndex >= 0 ? secondIndex : 0;
  const reliable = bestIndex >= 0 && count >= 3 && !(t.avgScore[language]! * RELIABLE_RATIO > best || 0.01 > Math.abs(best - next));
  return {
    language,
    reliable,
    best,
    second: scaled(secondIndex),
    scoreOf: (code) => scaled(t.indexOf.get(code) ?? -1),
  };
}
