// eld's n-gram database in the compact form the service loads
// (rules/models/language-ngrams.json, written by tools/language-ngrams.js
// from the pinned eld package; Apache-2.0, Copyright 2023 Nito T.M.).
// Loading eld's own database module costs about 160 MB of resident memory
// for good (V8 compiles its 1.6 MB object literal, and the process keeps the
// pages), twice the rest of the service; this file holds the same n-grams,
// languages and scores, parsed with JSON.parse into one Int32Array and one Map
// (about 20 MB). tests/unit/languages/ngram-file.test.ts checks it is eld's
// database exactly.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** eld's n-gram database as its module exports it. */
export interface EldData {
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/** The file: language codes by index, the n-grams in eld's order, and per n-gram its languages and scores as bytes (base64). */
export interface NgramFile {
  source: string;
  languages: string[];
  ngrams: string[];
  /** Per n-gram, how many languages it scores. */
  counts: string;
  /** Per n-gram and language: the language's index, then its stored score (0-255). */
  pairs: string;
}

export interface NgramTable {
  codes: string[];
  /** Per n-gram, where its entry starts in `entries`: the count, then language and score pairs. */
  offsets: Map<string, number>;
  entries: Int32Array;
}

export const NGRAM_FILE = path.join(__dirname, '..', '..', '..', 'rules', 'models', 'language-ngrams.json');

const byte = (n: number, what: string): number => {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`${what} ${n} does not fit in a byte`);
  return n;
};

export function compactNgrams(data: EldData, source: string): NgramFile {
  const languages: string[] = [];
  for (const [index, code] of Object.entries(data.languages)) languages[Number(index)] = code;
  const ngrams: string[] = [];
  const counts: number[] = [];
  const pairs: number[] = [];
  for (const key in data.ngrams) {
    const byLanguage = data.ngrams[key]!;
    let n = 0;
    for (const lang in byLanguage) {
      pairs.push(byte(Number(lang), 'language index'), byte(byLanguage[lang]!, 'score'));
      n += 1;
    }
    ngrams.push(key);
    counts.push(byte(n, 'language count'));
  }
  return { source, languages, ngrams, counts: Buffer.from(counts).toString('base64'), pairs: Buffer.from(pairs).toString('base64') };
}

export function tableOf(file: NgramFile): NgramTable {
  const counts = Buffer.from(file.counts, 'base64');
  const pairs = Buffer.from(file.pairs, 'base64');
  if (counts.length !== file.ngrams.length) throw new Error(`language n-grams: ${file.ngrams.length} n-grams but ${counts.length} counts`);
  const entries = new Int32Array(counts.length + pairs.length);
  const offsets = new Map<string, number>();
  let at = 0;
  let read = 0;
  for (let i = 0; i < file.ngrams.length; i++) {
    const n = counts[i]!;
    offsets.set(file.ngrams[i]!, at);
    entries[at++] = n;
    for (let k = 0; k < 2 * n; k++) entries[at++] = pairs[read++]!;
  }
  if (read !== pairs.length) throw new Error(`language n-grams: ${pairs.length} pair bytes, ${read} used`);
  return { codes: file.languages, offsets, entries };
}

export function loadNgramTable(file = NGRAM_FILE): NgramTable {
  return tableOf(JSON.parse(readFileSync(file, 'utf8')) as NgramFile);
}
