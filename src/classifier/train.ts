// Trains one label's model: features, AdaGrad logistic regression, Platt
// calibration on out-of-fold scores, then the final weights on all examples.
import { foldOf, type DataFileRecord, type Example, type Label } from './corpora';
import { CommentVectorizer, type SparseVector } from './features/comment-vector';
import { sentenceVector, type VectorSpace } from './features/sentence-model';
import { SentenceTokenizer } from './features/sentence-tokens';
import { WordScanner } from './text/word-scan';
import { WordTable } from './text/word-table';
import { DEFAULT_FEATURE_CONFIG, encodeModel, logit, type FeatureConfig, type LinearModel, type ModelFile } from './linear-model';
import { DEFAULT_TRAINING, fitPlatt, trainLogistic, type TrainingSettings, type WeightedExample } from './logistic-regression';
import { vocabularyOf } from './vocabulary';
import type { WordVectors } from './word-vectors';

export interface LabelRecipe {
  settings: TrainingSettings;
  /** Fit annotator vote shares where the corpus has them, instead of the majority label. */
  softTargets: boolean;
  /** Weight of an example by its source ("youtube:<video>" or just "youtube"); sources missing here weigh 1. */
  sourceWeights: Record<string, number>;
  /**
   * Sentence models: how far each source's positives and negatives are
   * weighed to an even split (0: as they come, 1: half and half), so that a
   * source cannot stand in for the label.
   */
  balance?: number;
  level: 'comment' | 'sentence';
}

// Why these differ by label:
// - spam: tweets and news comments are only negatives here and outnumber the
//   spam 15 to 1; down-weighting them keeps the model about spam, not about
//   "YouTube or SMS versus everything else".
// - the sentence labels: every source is weighed to an even split of its
//   positives and negatives (Davidson's tweets are 83% offensive, Civil
//   Comments' sentences 26% toxic), so no source predicts the label; the
//   templates are repetitive and count less; YouTube and SMS ham have no
//   positives and count less too.
const SENTENCE_WEIGHTS = { templates: 0.3, youtube: 0.3, sms: 0.3, toxigen: 2 };
export const RECIPES: Record<Label, LabelRecipe> = {
  spam: { settings: { ...DEFAULT_TRAINING }, softTargets: false, sourceWeights: { davidson: 0.2, civil: 0.2, 'civil-sentence': 0.2 }, level: 'comment' },
  toxicity: { settings: { ...DEFAULT_TRAINING }, softTargets: false, sourceWeights: SENTENCE_WEIGHTS, balance: 1, level: 'sentence' },
  severe_toxicity: { settings: { ...DEFAULT_TRAINING }, softTargets: false, sourceWeights: SENTENCE_WEIGHTS, balance: 1, level: 'sentence' },
  identity_attack: { settings: { ...DEFAULT_TRAINING }, softTargets: false, sourceWeights: SENTENCE_WEIGHTS, balance: 1, level: 'sentence' },
  insult: { settings: { ...DEFAULT_TRAINING }, softTargets: false, sourceWeights: SENTENCE_WEIGHTS, balance: 1, level: 'sentence' },
};

/** The feature configuration of sentence models with these identity terms and vectors. */
export function sentenceConfig(identityTerms: readonly string[], vectors: { file: string; vectors: WordVectors } | null, hashBits = 18): FeatureConfig {
  return {
    hashBits,
    charNgramMin: 3,
    charNgramMax: 0,
    level: 'sentence',
    identityTerms: [...identityTerms],
    ...(vectors ? { vectors: { file: vectors.file, sha256: vectors.vectors.sha256, dims: vectors.vectors.dims } } : {}),
  };
}

/** Feature vectors by text, shared by every label and fold of one training run, per level. */
export class FeatureCache {
  private readonly comments = new Map<string, SparseVector>();
  private readonly sentences = new Map<string, SparseVector>();
  private readonly commentScanner: WordScanner;
  private readonly sentenceScanner: WordScanner;
  private readonly tokenizer = new SentenceTokenizer();
  private readonly vectorizer = new CommentVectorizer();
  private readonly space: VectorSpace | null;

  constructor(
    readonly config: FeatureConfig = DEFAULT_FEATURE_CONFIG,
    readonly sentence: FeatureConfig = sentenceConfig([], null),
    vectors: WordVectors | null = null,
  ) {
    const { vocabulary, space } = vocabularyOf(sentence, sentence.vectors ? vectors : null);
    if (sentence.vectors && !vectors) throw new Error('the sentence features name word vectors: pass them');
    this.space = space;
    this.sentenceScanner = new WordScanner(new WordTable(vocabulary));
    this.commentScanner = this.sentenceScanner;
  }

  configFor(level: 'comment' | 'sentence'): FeatureConfig {
    return level === 'sentence' ? this.sentence : this.config;
  }

  get(text: string, level: 'comment' | 'sentence' = 'comment'): SparseVector {
    const cache = level === 'sentence' ? this.sentences : this.comments;
    let v = cache.get(text);
    if (!v) {
      v = level === 'sentence' ? this.sentenceUnit(text) : this.commentVector(text);
      cache.set(text, v);
    }
    return v;
  }

  private commentVector(text: string): SparseVector {
    const n = this.vectorizer.build(this.commentScanner.scan(text), this.config.hashBits, this.config.boundaries ?? false);
    const x = this.vectorizer.vector();
    return { indices: x.indices.slice(0, n), values: x.values.slice(0, n) };
  }

  /** A training unit (a sentence, a tweet, a template) read as one sentence. */
  private sentenceUnit(text: string): SparseVector {
    const tokens = this.tokenizer.build(this.sentenceScanner.scan(text), true);
    return sentenceVector(tokens, 0, tokens.count, this.sentence.hashBits, this.space);
  }
}

export interface TrainOptions {
  label: Label;
  recipe?: LabelRecipe;
  cache: FeatureCache;
  /** Folds for the out-of-fold scores that calibration is fitted on. */
  calibrationFolds?: number;
}

function sourceOf(ex: Example): string {
  return ex.source.split(':')[0]!;
}

function weighted(examples: readonly Example[], label: Label, recipe: LabelRecipe, cache: FeatureCache): WeightedExample[] {
  // Per source, how many positives and negatives: for the balance.
  const counts = new Map<string, [number, number]>();
  for (const ex of examples) {
    const c = counts.get(sourceOf(ex)) ?? [0, 0];
    c[ex.labels[label]!]!++;
    counts.set(sourceOf(ex), c);
  }
  const balance = recipe.balance ?? 0;
  const out: WeightedExample[] = [];
  for (const ex of examples) {
    const y = ex.labels[label]!;
    const target = recipe.softTargets ? ex.targets?.[label] ?? y : y;
    const [neg, pos] = counts.get(sourceOf(ex))!;
    // A source with one class only keeps its weight; otherwise its classes move towards half each.
    const even = neg > 0 && pos > 0 ? ((neg + pos) / 2 / (y === 1 ? pos : neg)) ** balance : 1;
    const base = recipe.sourceWeights[ex.source] ?? recipe.sourceWeights[sourceOf(ex)] ?? 1;
    out.push({ x: cache.get(ex.text, recipe.level), y, target, weight: base * even });
  }
  return out;
}

function asModel(label: Label, config: FeatureConfig, trained: { weights: Float64Array; bias: number }): LinearModel {
  const size = 1 << config.hashBits;
  const model: LinearModel = { label, features: config, weights: Float32Array.from(trained.weights.subarray(0, size)), bias: trained.bias, calibration: { a: 1, b: 0 } };
  if (config.vectors) model.dense = Float64Array.from(trained.weights.subarray(size));
  return model;
}

export interface TrainedLabel {
  model: LinearModel;
  examples: number;
  positives: number;
  /** Out-of-fold log loss and Brier score of the calibrated probabilities. */
  calibrationMetrics: Record<string, number>;
  /** What the calibration was fitted on: out-of-fold logits, labels and example weights. */
  outOfFold: { scores: number[]; labels: (0 | 1)[]; weights: number[] };
}

export function trainLabel(examples: readonly Example[], options: TrainOptions): TrainedLabel {
  const recipe = options.recipe ?? RECIPES[options.label];
  const folds = options.calibrationFolds ?? 3;
  const config = options.cache.configFor(recipe.level);
  const dims = (1 << config.hashBits) + (config.vectors?.dims ?? 0);
  const usable = examples.filter((ex) => ex.labels[options.label] !== undefined);
  const data = weighted(usable, options.label, recipe, options.cache);
  const fold = usable.map((ex) => foldOf(ex.group ?? ex.text, folds));

  const oofScores: number[] = [];
  const oofLabels: (0 | 1)[] = [];
  const oofWeights: number[] = [];
  for (let k = 0; k < folds; k++) {
    const train = data.filter((_, i) => fold[i] !== k);
    const model = asModel(options.label, config, trainLogistic(train, dims, { ...recipe.settings, seed: recipe.settings.seed + k + 1 }));
    data.forEach((ex, i) => {
      if (fold[i] !== k) return;
      oofScores.push(logit(model, ex.x));
      oofLabels.push(ex.y);
      oofWeights.push(ex.weight);
    });
  }
  // Calibrated on the mixture the weights were fitted to: each out-of-fold
  // score weighs what its example weighed in training, and the share of
  // positives in that mixture is recorded as the model's prior, so a site's
  // own base rate can move the probabilities to where it stands.
  const calibration = fitPlatt(oofScores, oofLabels, oofWeights);
  let positiveWeight = 0;
  let totalWeight = 0;
  let logLoss = 0;
  let brier = 0;
  oofScores.forEach((s, i) => {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, 1 / (1 + Math.exp(-(calibration.a * s + calibration.b)))));
    const y = oofLabels[i]!;
    logLoss -= y ? Math.log(p) : Math.log(1 - p);
    brier += (p - y) ** 2;
    totalWeight += oofWeights[i]!;
    if (y === 1) positiveWeight += oofWeights[i]!;
  });
  if (recipe.level === 'sentence') calibration.prior = positiveWeight / totalWeight;

  const model = asModel(options.label, config, trainLogistic(data, dims, recipe.settings));
  model.calibration = calibration;
  return {
    model,
    examples: data.length,
    positives: data.filter((e) => e.y === 1).length,
    calibrationMetrics: { outOfFoldLogLoss: logLoss / oofScores.length, outOfFoldBrier: brier / oofScores.length },
    outOfFold: { scores: oofScores, labels: oofLabels, weights: oofWeights },
  };
}

export function toModelFile(trained: TrainedLabel, data: DataFileRecord[], recipe: LabelRecipe, folds: number): ModelFile {
  const calibrationText = Object.keys(recipe.sourceWeights).length > 0 || recipe.balance ? 'platt on out-of-fold logits, weighted as in training' : 'platt on out-of-fold logits';
  const settings: Record<string, number | string | boolean> = { ...recipe.settings, calibrationFolds: folds, calibration: calibrationText, level: recipe.level };
  if (recipe.balance !== undefined) settings.balance = recipe.balance;
  for (const [source, w] of Object.entries(recipe.sourceWeights)) settings[`weight.${source}`] = w;
  return encodeModel(trained.model, {
    data,
    examples: trained.examples,
    positives: trained.positives,
    settings,
    calibrationMetrics: Object.fromEntries(Object.entries(trained.calibrationMetrics).map(([k, v]) => [k, Number(v.toPrecision(6))])),
  });
}
