// Scores one comment against several label models with one feature
// extraction, and names the words behind a score when a reason needs them.
import { extractExplained, extractFeatures, sameFeatureConfig, type FeatureConfig, type SparseVector } from './features';
import { logit, sigmoid, type LinearModel } from './linear-model';

export interface FeatureContribution {
  feature: string;
  weight: number;
}

/** Models that share a feature configuration, so one extraction serves them all. */
interface FeatureGroup {
  config: FeatureConfig;
  models: LinearModel[];
}

// Placeholders put in by the feature extractor, shown to moderators as what they stand for.
const PLACEHOLDER_NAMES: Record<string, string> = { xxurl: '(link)', xxnumber: '(long number)', xxmention: '(@mention)' };

export class MultiLabelScorer {
  private readonly groups: FeatureGroup[] = [];

  constructor(readonly models: readonly LinearModel[]) {
    for (const model of models) {
      const group = this.groups.find((g) => sameFeatureConfig(g.config, model.features));
      if (group) group.models.push(model);
      else this.groups.push({ config: model.features, models: [model] });
    }
  }

  /** Calibrated probability for each model's label. */
  score(text: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const group of this.groups) {
      const x = extractFeatures(text, group.config);
      for (const model of group.models) out[model.label] = sigmoid(model.calibration.a * logit(model, x) + model.calibration.b);
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
