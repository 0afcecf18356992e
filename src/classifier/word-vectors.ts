// Static word vectors (tools/word-vectors/distill.py: each word passed alone
// through all-MiniLM-L6-v2, then PCA, stored as 8-bit integers). The
// sentence models average them over a sentence's words, which lets a word
// never seen in training count by its likeness to words that were
// ("cockroaches" near "vermin"). A model's weights on the averaged vector
// are folded into one score per word when the model loads, so scoring adds
// one number per word, not a vector.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const VECTORS_FORMAT = 'moderation-word-vectors/1';

const vectorsFileSchema = z
  .object({
    format: z.literal(VECTORS_FORMAT),
    source: z.string(),
    modelSha256: z.string(),
    dims: z.number().int().min(1).max(1024),
    explainedVariance: z.number(),
    scales: z.array(z.number()),
    words: z.array(z.string()),
    vectors: z.string(),
  })
  .strict();

export interface WordVectors {
  dims: number;
  words: readonly string[];
  rowOf: ReadonlyMap<string, number>;
  /** Row-major, rows x dims, 8-bit; a value times scales[d] is the coordinate. */
  values: Int8Array;
  scales: Float64Array;
  sha256: string;
}

export class VectorsFileError extends Error {}

export function decodeVectors(text: string): WordVectors {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new VectorsFileError(`not valid JSON: ${(err as Error).message}`);
  }
  const parsed = vectorsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VectorsFileError(`not a word-vectors file (${issue.path.join('.') || 'root'}: ${issue.message})`);
  }
  const file = parsed.data;
  const bytes = Buffer.from(file.vectors, 'base64');
  if (bytes.length !== file.words.length * file.dims) throw new VectorsFileError(`vectors hold ${bytes.length} values, expected ${file.words.length * file.dims}`);
  if (file.scales.length !== file.dims) throw new VectorsFileError(`${file.scales.length} scales for ${file.dims} dimensions`);
  const rowOf = new Map<string, number>();
  file.words.forEach((w, i) => rowOf.set(w, i));
  return {
    dims: file.dims,
    words: file.words,
    rowOf,
    values: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    scales: Float64Array.from(file.scales),
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** The coordinates of a row, as floats, added into `out` times `weight`. */
export function addRow(vectors: WordVectors, row: number, weight: number, out: Float64Array): void {
  const { dims, values, scales } = vectors;
  const base = row * dims;
  for (let d = 0; d < dims; d++) out[d]! += values[base + d]! * scales[d]! * weight;
}

/** The mean of the given words' vectors (the row identity terms share). */
export function meanRow(vectors: WordVectors, words: Iterable<string>): Float64Array {
  const out = new Float64Array(vectors.dims);
  let n = 0;
  for (const w of words) {
    const row = vectors.rowOf.get(w);
    if (row === undefined) continue;
    addRow(vectors, row, 1, out);
    n++;
  }
  if (n > 0) for (let d = 0; d < out.length; d++) out[d]! /= n;
  return out;
}

/**
 * Per row, w . v (and the extra identity row last): what each word adds to
 * a sentence's logit before averaging.
 */
export function rowScores(vectors: WordVectors, weights: ArrayLike<number>, identity: Float64Array): Float32Array {
  const { dims, values, scales, words } = vectors;
  const out = new Float32Array(words.length + 1);
  const w = new Float64Array(dims);
  for (let d = 0; d < dims; d++) w[d] = weights[d]! * scales[d]!;
  for (let r = 0; r < words.length; r++) {
    let s = 0;
    const base = r * dims;
    for (let d = 0; d < dims; d++) s += values[base + d]! * w[d]!;
    out[r] = s;
  }
  let s = 0;
  for (let d = 0; d < dims; d++) s += identity[d]! * weights[d]!;
  out[words.length] = s;
  return out;
}
