// Scores one comment against several label models with one feature
// extraction, and names the words behind a score when a reason needs them.
import { extractExplained, extractShared, sameFeatureConfig, sharedVector, type ExplainedFeatures, type FeatureConfig, type SparseVector } from './features';
import { quantise, sigmoid, storeQuantisedIn, type LinearModel } from './linear-model';

export interface FeatureContribution {
  feature: string;
  weight: number;
}

/**
 * Models that share a feature configuration, so one extraction serves them all.
 * Their weights are interleaved (bucket-major), so the labels' weights for a
 * feature share a cache line: scoring three labels costs little more than one.
 */
interface FeatureGroup {
  config: FeatureConfig;
  models: LinearModel[];
  /** Each model's index in the scorer's `models`. */
  positions: number[];
  /** The models' 16-bit weights, bucket-major, and each model's scale. */
  interleaved: Int16Array;
  scales: Float64Array;
}

// Placeholders put in by the feature extractor, shown to moderators as what they stand for.
const PLACEHOLDER_NAMES = new Map([
  ['xxurl', '(link)'],
  ['xxnumber', '(long number)'],
  ['xxmention', '(@mention)'],
]);

function interleave(models: readonly LinearModel[]): { interleaved: Int16Array; scales: Float64Array } {
  const n = models.length;
  const size = 1 << models[0]!.features.hashBits;
  const out = new Int16Array(size * n);
  const scales = new Float64Array(n);
  models.forEach((m, j) => {
    const q = quantise(m);
    scales[j] = q.scale;
    for (let i = 0; i < size; i++) out[i * n + j] = q.values[i]!;
  });
  // The interleaved array is now where the models' weights live: their own
  // copies go, so the weights are in memory once, not twice.
  models.forEach((m, j) => storeQuantisedIn(m, out, n, j));
  return { interleaved: out, scales };
}

// Interleaved weights by the models they hold (in order), so the default rule
// set and every site naming the same model files share one array.
const interleavedByFirstModel = new WeakMap<LinearModel, Array<{ models: readonly LinearModel[]; interleaved: Int16Array; scales: Float64Array }>>();

function sharedInterleave(models: readonly LinearModel[]): { interleaved: Int16Array; scales: Float64Array } {
  const known = interleavedByFirstModel.get(models[0]!) ?? [];
  let entry = known.find((e) => e.models.length === models.length && e.models.every((m, j) => m === models[j]));
  if (!entry) {
    entry = { models: [...models], ...interleave(models) };
    known.push(entry);
    interleavedByFirstModel.set(models[0]!, known);
  }
  return entry;
}

export class MultiLabelScorer {
  private readonly groups: FeatureGroup[] = [];
  private readonly probabilities: Float64Array;

  constructor(readonly models: readonly LinearModel[]) {
    this.probabilities = new Float64Array(models.length);
    const byConfig: Array<{ config: FeatureConfig; models: LinearModel[] }> = [];
    for (const model of models) {
      const group = byConfig.find((g) => sameFeatureConfig(g.config, model.features));
      if (group) group.models.push(model);
      else byConfig.push({ config: model.features, models: [model] });
    }
    for (const g of byConfig) this.groups.push({ ...g, positions: g.models.map((m) => models.indexOf(m)), ...sharedInterleave(g.models) });
  }

  /** Calibrated probability for each model's label. */
  score(text: string): Record<string, number> {
    const p = this.scoreAll(text);
    const out: Record<string, number> = {};
    this.models.forEach((m, i) => {
      out[m.label] = p[i]!;
    });
    return out;
  }


  /**
   * Calibrated probabilities in the order of `models`, in a buffer reused by
   * the next call (the check's path: no object per comment).
   */
  scoreAll(text: string): Float64Array {
    const out = this.probabilities;
    for (const group of this.groups) {
      const n = extractShared(text, group.config);
      const models = group.models;
      const z = this.logits(group, sharedVector(), n);
      for (let j = 0; j < models.length; j++) {
        const m = models[j]!;
        out[group.positions[j]!] = sigmoid(m.calibration.a * z[j]! + m.calibration.b);
      }
    }
    return out;
  }

  /**
   * The words behind the given labels' scores of the text just scored (see
   * explainScores), read from the interleaved weights that scoring has just
   * brought into the cache.
   */
  explain(text: string, labels: readonly string[], limit: number): FeatureContribution[][] {
    let explained: ExplainedFeatures | null = null;
    let explainedGroup: FeatureGroup | null = null;
    return labels.map((label) => {
      const group = this.groups.find((g) => g.models.some((m) => m.label === label));
      if (!group || limit <= 0) return [];
      if (group !== explainedGroup) {
        explained = extractExplained(text, group.config);
        explainedGroup = group;
      }
      const j = group.models.findIndex((m) => m.label === label);
      return rankWords(explained!, group.interleaved, group.models.length, j, group.scales[j]! * group.models[j]!.calibration.a, limit);
    });
  }

  private readonly z = new Float64Array(16);

  /** Raw logits of a group's models, in a buffer reused across calls. */
  private logits(group: FeatureGroup, x: SparseVector, count: number): Float64Array {
    const n = group.models.length;
    const z = n <= this.z.length ? this.z : new Float64Array(n);
    for (let j = 0; j < n; j++) z[j] = group.models[j]!.bias;
    const w = group.interleaved;
    const { indices, values } = x;
    if (n === 3) {
      // The usual case (three labels), unrolled.
      let z0 = 0, z1 = 0, z2 = 0;
      for (let k = 0; k < count; k++) {
        const base = indices[k]! * 3;
        const v = values[k]!;
        z0 += w[base]! * v;
        z1 += w[base + 1]! * v;
        z2 += w[base + 2]! * v;
      }
      const scales = group.scales;
      z[0] = z[0]! + z0 * scales[0]!;
      z[1] = z[1]! + z1 * scales[1]!;
      z[2] = z[2]! + z2 * scales[2]!;
      return z;
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < count; k++) sum += w[indices[k]! * n + j]! * values[k]!;
      z[j] = z[j]! + sum * group.scales[j]!;
    }
    return z;
  }
}

/**
 * The words that raised each model's score most, strongest first, in
 * calibrated log-odds, from one extraction for all the models (which must
 * share a feature configuration). Every feature's contribution (weight x
 * value) is shared among the words that produced it: a word's unigram and the
 * bigram it ends (and the character n-grams inside it, when configured).
 */
export function explainScores(models: readonly LinearModel[], text: string, limit: number): FeatureContribution[][] {
  if (limit <= 0 || models.length === 0) return models.map(() => []);
  if (models.some((m) => !sameFeatureConfig(m.features, models[0]!.features))) return models.map((m) => explainScores([m], text, limit)[0]!);
  const x = extractExplained(text, models[0]!.features);
  return models.map((m) => {
    const q = quantise(m);
    return rankWords(x, q.values, 1, 0, q.scale * m.calibration.a, limit);
  });
}

let byWord = new Float64Array(256);

/**
 * Contributions per distinct word from weights[bucket * stride + offset] x
 * scale (the scale includes the calibration slope), the best `limit` kept in
 * order.
 */
function rankWords(x: ExplainedFeatures, weights: Int16Array, stride: number, offset: number, scale: number, limit: number): FeatureContribution[] {
  const n = x.distinct;
  if (byWord.length < n) byWord = new Float64Array(n * 2);
  const sums = byWord;
  sums.fill(0, 0, n);
  // The view's arrays in locals: the loop runs once per emission and label.
  const ofToken = x.ofToken;
  const token = x.token;
  const bucket = x.bucket;
  const share = x.share;
  const count = x.count;
  for (let e = 0; e < count; e++) sums[ofToken[token[e]!]!]! += weights[bucket[e]! * stride + offset]! * share[e]!;
  // Keep the `limit` best in order as we go, in reused arrays, as indices of
  // distinct words: a word's name (a string elsewhere in memory) is read
  // only to settle a tie and for the words shown.
  if (bestWeights.length < limit) {
    bestWeights = new Float64Array(limit);
    bestWords = new Int32Array(limit);
  }
  const kept = bestWeights;
  const keptWords = bestWords;
  let m = 0;
  for (let w = 0; w < n; w++) {
    // Rounded to 0.001, a weight is positive exactly when 1000 x it is at
    // least 0.5 (Math.round rounds halves up): no rounding for the rest.
    const thousandths = sums[w]! * scale * 1000;
    if (!(thousandths >= 0.5)) continue;
    const weight = Math.round(thousandths) / 1000;
    if (m >= limit && weight < kept[m - 1]!) continue;
    let at = m;
    while (at > 0 && (kept[at - 1]! < weight || (kept[at - 1]! === weight && featureName(x, keptWords[at - 1]!) > featureName(x, w)))) at--;
    if (at >= limit) continue;
    // Insert at `at`, dropping the last when full.
    for (let k = m < limit ? m : limit - 1; k > at; k--) {
      kept[k] = kept[k - 1]!;
      keptWords[k] = keptWords[k - 1]!;
    }
    kept[at] = weight;
    keptWords[at] = w;
    if (m < limit) m++;
  }
  const best: FeatureContribution[] = [];
  for (let k = 0; k < m; k++) best.push({ feature: featureName(x, keptWords[k]!), weight: kept[k]! });
  return best;
}

/** The name a reason shows for the w-th distinct word: the word, or what its placeholder stands for. */
function featureName(x: ExplainedFeatures, w: number): string {
  const word = x.word(w);
  // Every placeholder starts with "xx": other words skip the map.
  return word.charCodeAt(0) === 120 && word.charCodeAt(1) === 120 ? (PLACEHOLDER_NAMES.get(word) ?? word) : word;
}

let bestWeights = new Float64Array(20);
let bestWords = new Int32Array(20);

/** The words that raised one model's score most (see explainScores). */
export function topContributions(model: LinearModel, text: string, limit: number): FeatureContribution[] {
  return explainScores([model], text, limit)[0]!;
}

export type { SparseVector };
