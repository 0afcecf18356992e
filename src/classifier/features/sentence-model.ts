// Sentence-level models: each sentence of a comment is scored on its own and
// the comment takes its highest score per label. A long, calm comment then
// scores like its worst sentence, not like the sum of its words, so length
// and register stop standing in for toxicity.
//
// A sentence's features: its tokens' hashes (identity terms all one word,
// see sentence-tokens.ts) as unigrams and pairs, plus the pairs of the first
// token with the sentence start and the last with its end, each worth
// 1/sqrt(number of emissions); and, when the model has word vectors, the mean
// vector of its tokens that are not stop-words.
import { END_WORD, mix, pairHash, START_WORD } from '../text/hash';
import { STOP } from '../text/word-table';
import type { SparseVector } from './comment-vector';
import type { SentenceTokens } from './sentence-tokens';
import { addRow, type WordVectors } from '../word-vectors';

/** Word vectors with the vector every identity term shares (the mean of theirs). */
export interface VectorSpace {
  vectors: WordVectors;
  identity: Float64Array;
}

/** What the averaged word vector is multiplied by before the model weighs it. */
export const DENSE_SCALE = 2;

/** The emissions (unmasked hashes) of tokens [from, to), in order, into `out`; returns how many. */
export function sentenceEmissions(tokens: SentenceTokens, from: number, to: number, out: Int32Array): number {
  let e = 0;
  let previous = START_WORD;
  const hash = tokens.hash;
  for (let t = from; t < to; t++) {
    const h = hash[t]!;
    out[e++] = mix(h);
    out[e++] = pairHash(previous, h);
    previous = h;
  }
  out[e++] = pairHash(previous, END_WORD);
  return e;
}

/** Training's view of one sentence: merged bucket indices, then the dense dimensions past the buckets. */
export function sentenceVector(tokens: SentenceTokens, from: number, to: number, hashBits: number, space: VectorSpace | null): SparseVector {
  const mask = (1 << hashBits) - 1;
  const emitted = new Int32Array(2 * (to - from) + 1);
  const e = sentenceEmissions(tokens, from, to, emitted);
  const value = 1 / Math.sqrt(e);
  const sums = new Map<number, number>();
  for (let k = 0; k < e; k++) {
    const b = emitted[k]! & mask;
    sums.set(b, (sums.get(b) ?? 0) + value);
  }
  const indices: number[] = [...sums.keys()];
  const values: number[] = [...sums.values()];
  if (space) {
    const vectors = space.vectors;
    const mean = new Float64Array(vectors.dims);
    const n = meanVector(tokens, from, to, vectors, mean, space.identity);
    if (n > 0) {
      const size = 1 << hashBits;
      for (let d = 0; d < vectors.dims; d++) {
        indices.push(size + d);
        values.push(mean[d]! * DENSE_SCALE);
      }
    }
  }
  return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

/** The mean vector of tokens [from, to) that have one and are not stop-words (the identity row counted by `identity`); returns how many. */
function meanVector(tokens: SentenceTokens, from: number, to: number, vectors: WordVectors, out: Float64Array, identity?: Float64Array): number {
  let n = 0;
  for (let t = from; t < to; t++) {
    const row = tokens.row[t]!;
    if (row < 0 || (tokens.flags[t]! & STOP) !== 0) continue;
    if (row >= vectors.words.length) {
      if (identity) for (let d = 0; d < out.length; d++) out[d]! += identity[d]!;
    } else addRow(vectors, row, 1, out);
    n++;
  }
  if (n > 0) for (let d = 0; d < out.length; d++) out[d]! /= n;
  return n;
}

/** Whether a token counts towards the averaged vector. */
export function hasVector(tokens: SentenceTokens, t: number): boolean {
  return tokens.row[t]! >= 0 && (tokens.flags[t]! & STOP) === 0;
}
