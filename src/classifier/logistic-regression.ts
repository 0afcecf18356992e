// Logistic regression trained by AdaGrad SGD with L2, plus Platt scaling.
// Deterministic: a seeded shuffle, a fixed visiting order and plain float64
// arithmetic, so the same examples and settings give the same weights.
import type { SparseVector } from './features/comment-vector';
import { sigmoid, type Calibration } from './linear-model';
import { seededRandom } from '../util/seeded-random';

export interface TrainingSettings {
  epochs: number;
  learningRate: number;
  /** L2 penalty per example visit, applied to the weights an example touches. */
  l2: number;
  seed: number;
  /** Positives count this many times over in the loss: minority labels (hate) need it. */
  positiveWeight: number;
}

export const DEFAULT_TRAINING: TrainingSettings = { epochs: 6, learningRate: 0.2, l2: 1e-6, seed: 20240601, positiveWeight: 1 };

export interface WeightedExample {
  x: SparseVector;
  /** The label, for calibration and counting. */
  y: 0 | 1;
  /** What the loss fits: the label, or a share of annotator votes in [0, 1]. */
  target: number;
  /** Per-example weight, e.g. lower for corpora that only supply negatives. */
  weight: number;
}


export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function trainLogistic(examples: readonly WeightedExample[], dimensions: number, settings: TrainingSettings): { weights: Float64Array; bias: number } {
  const weights = new Float64Array(dimensions);
  const gradSquares = new Float64Array(dimensions);
  let bias = 0;
  let biasGradSquare = 0;
  const random = seededRandom(settings.seed);
  const eps = 1e-8;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    for (const ex of shuffled(examples, random)) {
      const { indices, values } = ex.x;
      let z = bias;
      for (let k = 0; k < indices.length; k++) z += weights[indices[k]!]! * values[k]!;
      const g = (sigmoid(z) - ex.target) * ex.weight * (1 + (settings.positiveWeight - 1) * ex.target);
      for (let k = 0; k < indices.length; k++) {
        const j = indices[k]!;
        const grad = g * values[k]! + settings.l2 * weights[j]!;
        gradSquares[j]! += grad * grad;
        weights[j]! -= (settings.learningRate * grad) / (Math.sqrt(gradSquares[j]!) + eps);
      }
      biasGradSquare += g * g;
      bias -= (settings.learningRate * g) / (Math.sqrt(biasGradSquare) + eps);
    }
  }
  return { weights, bias };
}

/**
 * Platt scaling: fits P(y=1) = sigmoid(a * score + b) on held-out scores by
 * Newton's method, with Platt's smoothed targets so a perfectly separated
 * calibration set does not drive a to infinity. `weights` (one per score,
 * default 1) weigh each score in the fit and in the counts behind the smoothed
 * targets, so the calibration can see the same mixture the model was trained
 * on; with every weight 1 the arithmetic is the unweighted fit's, bit for bit.
 */
export function fitPlatt(scores: readonly number[], labels: readonly (0 | 1)[], weights?: readonly number[]): Calibration {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (labels[i] === 1) positives += w;
    else negatives += w;
  }
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      const t = labels[i] === 1 ? hi : lo;
      const p = sigmoid(a * s + b);
      const v = weights ? weights[i]! : 1;
      const d = (p - t) * v;
      const w = Math.max(p * (1 - p), 1e-12) * v;
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    haa += 1e-9;
    hbb += 1e-9;
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}
