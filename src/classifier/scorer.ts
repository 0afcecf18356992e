// Scores one comment against several label models with one feature
// extraction, and names the words behind a score when a reason needs them.
import { extractExplained, extractFeatures, sameFeatureConfig, type FeatureConfig, type SparseVector } from './features';
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
const PLACEHOLDER_NAMES: Record<string, string> = { xxurl: '(link)', xxnumber: '(long number)', xxmention: '(@mention)' };

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
      const x = extractFeatures(text, group.config);
      const n = group.models.length;
      const z = group.models.map((m) => m.bias);
      const w = group.interleaved;
      for (let k = 0; k < x.indices.length; k++) {
        const base = x.indices[k]! * n;
        const v = x.values[k]!;
        for (let j = 0; j < n; j++) z[j]! += w[base + j]! * v;
      }
      group.models.forEach((m, j) => {
        out[m.label] = sigmoid(m.calibration.a * z[j]! + m.calibration.b);
      });
    }
    return out;
  }
}

/**
 * The words that raised a model's score most, strongest first, in calibrated
 * log-odds. Every feature's contribution (weight x value) is shared among the
 * words that produced it: a word's unigram, the bigram it ends and the
 * character n-grams inside it.
 */
export function topContributions(model: LinearModel, text: string, limit: number): FeatureContribution[] {
  if (limit <= 0) return [];
  const { vector, explained } = extractExplained(text, model.features);
  const valueOf = new Map<number, number>();
  vector.indices.forEach((idx, k) => valueOf.set(idx, vector.values[k]!));
  const emissions = new Map<number, number>();
  for (const idx of explained.emittedIndex) emissions.set(idx, (emissions.get(idx) ?? 0) + 1);
  const byWord = new Map<string, number>();
  explained.emittedIndex.forEach((idx, e) => {
    const token = explained.emittedToken[e]!;
    if (token < 0) return;
    const word = explained.tokens[token]!;
    const share = (model.weights[idx]! * valueOf.get(idx)!) / emissions.get(idx)!;
    byWord.set(word, (byWord.get(word) ?? 0) + share);
  });
  return [...byWord.entries()]
    .map(([word, contribution]) => ({ feature: PLACEHOLDER_NAMES[word] ?? word, weight: Number((contribution * model.calibration.a).toFixed(3)) }))
    .filter((c) => c.weight > 0)
    .sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1))
    .slice(0, limit);
}

export type { SparseVector };
