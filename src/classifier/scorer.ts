// Scores one comment against several label models with one feature
// extraction, and names the words behind a score when a reason needs them.
import { extractExplained, extractTransient, sameFeatureConfig, type ExplainedFeatures, type FeatureConfig, type SparseVector } from './features';
import { sigmoid, type LinearModel } from './linear-model';

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
  interleaved: Float32Array;
}

// Placeholders put in by the feature extractor, shown to moderators as what they stand for.
const PLACEHOLDER_NAMES = new Map([
  ['xxurl', '(link)'],
  ['xxnumber', '(long number)'],
  ['xxmention', '(@mention)'],
]);

function interleave(models: readonly LinearModel[]): Float32Array {
  const n = models.length;
  const size = models[0]!.weights.length;
  const out = new Float32Array(size * n);
  models.forEach((m, j) => {
    for (let i = 0; i < size; i++) out[i * n + j] = m.weights[i]!;
  });
  return out;
}

export class MultiLabelScorer {
  private readonly groups: FeatureGroup[] = [];

  constructor(readonly models: readonly LinearModel[]) {
    const byConfig: Array<{ config: FeatureConfig; models: LinearModel[] }> = [];
    for (const model of models) {
      const group = byConfig.find((g) => sameFeatureConfig(g.config, model.features));
      if (group) group.models.push(model);
      else byConfig.push({ config: model.features, models: [model] });
    }
    for (const g of byConfig) this.groups.push({ ...g, interleaved: interleave(g.models) });
  }

  /** Calibrated probability for each model's label. */
  score(text: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const group of this.groups) {
      const x = extractTransient(text, group.config);
      const models = group.models;
      const n = models.length;
      const z = this.logits(group, x);
      for (let j = 0; j < n; j++) {
        const m = models[j]!;
        out[m.label] = sigmoid(m.calibration.a * z[j]! + m.calibration.b);
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
    let words: DistinctWords | null = null;
    let explained: ExplainedFeatures | null = null;
    let explainedGroup: FeatureGroup | null = null;
    return labels.map((label) => {
      const group = this.groups.find((g) => g.models.some((m) => m.label === label));
      if (!group || limit <= 0) return [];
      if (group !== explainedGroup) {
        explained = extractExplained(text, group.config);
        words = distinctWords(explained);
        explainedGroup = group;
      }
      const j = group.models.findIndex((m) => m.label === label);
      return rankWords(explained!, words!, group.interleaved, group.models.length, j, group.models[j]!.calibration.a, limit);
    });
  }

  private readonly z = new Float64Array(16);

  /** Raw logits of a group's models, in a buffer reused across calls. */
  private logits(group: FeatureGroup, x: SparseVector): Float64Array {
    const n = group.models.length;
    const z = n <= this.z.length ? this.z : new Float64Array(n);
    for (let j = 0; j < n; j++) z[j] = group.models[j]!.bias;
    const w = group.interleaved;
    const { indices, values } = x;
    if (n === 3) {
      // The usual case (three labels), unrolled.
      let z0 = z[0]!, z1 = z[1]!, z2 = z[2]!;
      for (let k = 0; k < indices.length; k++) {
        const base = indices[k]! * 3;
        const v = values[k]!;
        z0 += w[base]! * v;
        z1 += w[base + 1]! * v;
        z2 += w[base + 2]! * v;
      }
      z[0] = z0;
      z[1] = z1;
      z[2] = z2;
      return z;
    }
    for (let k = 0; k < indices.length; k++) {
      const base = indices[k]! * n;
      const v = values[k]!;
      for (let j = 0; j < n; j++) z[j]! += w[base + j]! * v;
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
  const words = distinctWords(x);
  return models.map((m) => rankWords(x, words, m.weights, 1, 0, m.calibration.a, limit));
}

interface DistinctWords {
  /** Distinct tokens in first-use order. */
  list: string[];
  /** Per token, its index in `list`. */
  ofToken: Int32Array;
}

// Scratch map reused by distinctWords (cleared on each call).
const wordOf = new Map<string, number>();

/** Tokens repeat ("very very"): contributions add up per distinct word. */
function distinctWords(x: ExplainedFeatures): DistinctWords {
  wordOf.clear();
  const ofToken = new Int32Array(x.tokens.length);
  const list: string[] = [];
  for (let i = 0; i < x.tokens.length; i++) {
    const t = x.tokens[i]!;
    let w = wordOf.get(t);
    if (w === undefined) {
      w = list.length;
      wordOf.set(t, w);
      list.push(t);
    }
    ofToken[i] = w;
  }
  return { list, ofToken };
}

let byWord = new Float64Array(256);

/** Contributions per distinct word from weights[bucket * stride + offset], the best `limit` kept in order. */
function rankWords(x: ExplainedFeatures, words: DistinctWords, weights: Float32Array, stride: number, offset: number, a: number, limit: number): FeatureContribution[] {
  const n = words.list.length;
  if (byWord.length < n) byWord = new Float64Array(n * 2);
  byWord.fill(0, 0, n);
  const ofToken = words.ofToken;
  for (let e = 0; e < x.count; e++) byWord[ofToken[x.token[e]!]!]! += weights[x.bucket[e]! * stride + offset]! * x.share[e]!;
  // Keep the `limit` best in order as we go: objects only for the words shown.
  const best: FeatureContribution[] = [];
  for (let w = 0; w < n; w++) {
    const weight = Math.round(byWord[w]! * a * 1000) / 1000;
    if (!(weight > 0)) continue;
    const word = words.list[w]!;
    const feature = PLACEHOLDER_NAMES.get(word) ?? word;
    let at = best.length;
    while (at > 0 && (best[at - 1]!.weight < weight || (best[at - 1]!.weight === weight && best[at - 1]!.feature > feature))) at--;
    if (at >= limit) continue;
    best.splice(at, 0, { feature, weight });
    if (best.length > limit) best.pop();
  }
  return best;
}

/** The words that raised one model's score most (see explainScores). */
export function topContributions(model: LinearModel, text: string, limit: number): FeatureContribution[] {
  return explainScores([model], text, limit)[0]!;
}

export type { SparseVector };
