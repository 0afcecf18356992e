// A logistic-regression model over hashed features, with Platt calibration,
// and its file format. Weights are stored as 16-bit integers, deflated and
// base64-encoded: the files stay small and diff as one line, and the
// quantisation error (under 1/65,000 of the largest weight) is far below what
// changes a decision.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import type { SparseVector } from './features/comment-vector';

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  hashBits: number;
  /** Kept for the file format: character n-grams are no longer read (charNgramMax < charNgramMin). */
  charNgramMin: number;
  charNgramMax: number;
  /** Pairs of the first word with the start and of the last word with the end (comment level). */
  boundaries?: boolean;
  /**
   * "sentence": the model scores each sentence and the comment takes the
   * highest (features/sentence-model.ts); absent: the whole comment at once.
   */
  level?: 'sentence';
  /** Sentence models: the identity terms they read as one word (one or two words each). */
  identityTerms?: string[];
  /** Sentence models: the word-vector file whose averaged vectors they weigh (beside the model file). */
  vectors?: { file: string; sha256: string; dims: number };
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = { hashBits: 18, charNgramMin: 3, charNgramMax: 0, boundaries: true };

export function sameFeatureConfig(a: FeatureConfig, b: FeatureConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const MODEL_FORMAT = 'moderation-linear-model/1';

export interface Calibration {
  /** P(label) = 1 / (1 + exp(-(a * logit + b))). */
  a: number;
  b: number;
  /**
   * The share of positives (weighted) in what the calibration was fitted on:
   * a site's own base rate moves the log-odds by logit(site) - logit(prior).
   */
  prior?: number;
}

export interface LinearModel {
  label: string;
  features: FeatureConfig;
  /** For a model read from a file, computed from `quantised` on first use (scoring needs only `quantised`). */
  weights: Float32Array;
  bias: number;
  calibration: Calibration;
  /** Sentence models with word vectors: the weights of the averaged vector's dimensions. */
  dense?: Float64Array;
  /** The weights as stored: 16-bit integers times a scale. */
  quantised?: Quantised;
}

export interface Quantised {
  values: Int16Array;
  scale: number;
}

/** The model's 16-bit weights: as read from its file, or quantised as encodeModel stores them. */
export function quantise(model: LinearModel): Quantised {
  if (model.quantised) return model.quantised;
  let max = 0;
  for (const w of model.weights) max = Math.max(max, Math.abs(w));
  const scale = round(max > 0 ? max / 32767 : 1);
  const values = new Int16Array(model.weights.length);
  for (let i = 0; i < values.length; i++) values[i] = Math.max(-32767, Math.min(32767, Math.round(model.weights[i]! / scale)));
  return { values, scale };
}

/** The raw score of a vector; indices past the buckets are the dense dimensions. */
export function logit(model: LinearModel, x: SparseVector): number {
  let z = model.bias;
  const w = model.weights;
  const size = w.length;
  const dense = model.dense;
  for (let k = 0; k < x.indices.length; k++) {
    const i = x.indices[k]!;
    z += (i < size ? w[i]! : dense![i - size]!) * x.values[k]!;
  }
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The calibrated probability of the label. */
export function probability(model: LinearModel, x: SparseVector): number {
  return sigmoid(model.calibration.a * logit(model, x) + model.calibration.b);
}

const dataFileSchema = z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), rows: z.number().int() }).strict();

export const modelFileSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    label: z.string().min(1),
    features: z
      .object({
        hashBits: z.number().int().min(8).max(24),
        charNgramMin: z.number().int().min(1).max(8),
        charNgramMax: z.number().int().min(0).max(8),
        boundaries: z.boolean().optional(),
        level: z.literal('sentence').optional(),
        identityTerms: z.array(z.string().min(1)).optional(),
        vectors: z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), dims: z.number().int().min(1) }).strict().optional(),
      })
      .strict(),
    bias: z.number(),
    calibration: z.object({ method: z.literal('platt'), a: z.number(), b: z.number(), prior: z.number().gt(0).lt(1).optional() }).strict(),
    dense: z.array(z.number()).optional(),
    weights: z.object({ encoding: z.literal('int16le-deflate-base64'), scale: z.number().positive(), data: z.string() }).strict(),
    /** How the model was made; not needed to score, kept so a model file explains itself. */
    training: z
      .object({
        data: z.array(dataFileSchema),
        examples: z.number().int(),
        positives: z.number().int(),
        settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
        calibrationMetrics: z.record(z.string(), z.number()).optional(),
      })
      .strict(),
  })
  .strict();

export type ModelFile = z.output<typeof modelFileSchema>;

function round(value: number, digits = 8): number {
  return Number(value.toPrecision(digits));
}

export function encodeModel(model: LinearModel, training: ModelFile['training']): ModelFile {
  const { values: quantised, scale } = quantise(model);
  const bytes = Buffer.from(quantised.buffer, quantised.byteOffset, quantised.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('model encoding assumes a little-endian machine');
  return {
    format: MODEL_FORMAT,
    label: model.label,
    features: { ...model.features },
    bias: round(model.bias),
    calibration: { method: 'platt', a: round(model.calibration.a), b: round(model.calibration.b), ...(model.calibration.prior !== undefined ? { prior: round(model.calibration.prior) } : {}) },
    ...(model.dense ? { dense: Array.from(model.dense, (v) => round(v)) } : {}),
    weights: { encoding: 'int16le-deflate-base64', scale, data: deflateRawSync(bytes, { level: 9 }).toString('base64') },
    training,
  };
}

export class ModelFileError extends Error {}

const rehome = new WeakMap<LinearModel, (array: Int16Array, stride: number, offset: number) => void>();

/**
 * Lets a model read from a file keep its 16-bit weights in another array,
 * `array[offset + i * stride]`, which must hold exactly the same values, and
 * drops its own copy: the scorer's interleaved array then holds the only
 * copy of the weights (half a megabyte per label at 2^18 buckets). A model not
 * read from a file keeps its weights.
 */
export function storeQuantisedIn(model: LinearModel, array: Int16Array, stride: number, offset: number): void {
  rehome.get(model)?.(array, stride, offset);
}

export function decodeModel(raw: unknown): { model: LinearModel; file: ModelFile } {
  const parsed = modelFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ModelFileError(`not a model file (${issue.path.join('.') || 'root'}: ${issue.message})`);
  }
  const file = parsed.data;
  if (file.features.charNgramMax >= file.features.charNgramMin) throw new ModelFileError('character n-grams are no longer supported (charNgramMax must be below charNgramMin)');
  if (file.features.vectors && (!file.dense || file.dense.length !== file.features.vectors.dims)) throw new ModelFileError(`dense weights must have ${file.features.vectors.dims} values, one per vector dimension`);
  const bytes = inflateRawSync(Buffer.from(file.weights.data, 'base64'));
  const size = 1 << file.features.hashBits;
  if (bytes.length !== size * 2) throw new ModelFileError(`weights hold ${bytes.length / 2} values, expected ${size}`);
  const values = new Int16Array(size);
  for (let i = 0; i < size; i++) values[i] = bytes.readInt16LE(i * 2);
  const scale = file.weights.scale;
  // Where the 16-bit weights live: the model's own array, until a scorer's
  // interleaved copy takes them over (see storeQuantisedIn).
  let storage: { array: Int16Array; stride: number; offset: number } = { array: values, stride: 1, offset: 0 };
  // Float weights only when something asks (training tools): the check scores
  // from the 16-bit values, a quarter of the memory of the floats.
  let weights: Float32Array | null = null;
  const calibration: Calibration = { a: file.calibration.a, b: file.calibration.b };
  if (file.calibration.prior !== undefined) calibration.prior = file.calibration.prior;
  const model = { label: file.label, features: file.features, bias: file.bias, calibration } as LinearModel;
  if (file.dense) model.dense = Float64Array.from(file.dense);
  Object.defineProperty(model, 'quantised', {
    enumerable: true,
    get: (): Quantised => {
      const { array, stride, offset } = storage;
      if (stride === 1 && offset === 0) return { values: array, scale };
      // Gathered on each call, not kept: only tools (explainScores) ask once a scorer holds the weights.
      const own = new Int16Array(size);
      for (let i = 0; i < size; i++) own[i] = array[offset + i * stride]!;
      return { values: own, scale };
    },
  });
  Object.defineProperty(model, 'weights', {
    enumerable: true,
    get: () => {
      if (!weights) {
        const q = model.quantised!.values;
        weights = new Float32Array(size);
        for (let i = 0; i < size; i++) weights[i] = q[i]! * scale;
      }
      return weights;
    },
  });
  rehome.set(model, (array, stride, offset) => {
    storage = { array, stride, offset };
  });
  return { model, file };
}

/** Serialised model file text: stable key order and a final newline, so retraining on the same data gives the same bytes. */
export function modelFileText(file: ModelFile): string {
  return `${JSON.stringify(file, null, 1)}\n`;
}
