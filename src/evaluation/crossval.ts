// Reproducible quality measurements of the whole engine with retrained models:
// - YouTube spam, leave one video out: train on the other three videos and
//   everything else, test on the held-out video; the prediction is the spam
//   decision (see isSpamDecision), not "not approved";
// - Davidson, k-fold: train on the other folds and everything else, test the
//   3-way decision (hate -> reject, offensive -> hold, neither -> approve).
// Each split copies the rules directory, drops the split's models into it and
// runs the engine exactly as the service would. Any text of the test part is
// removed from training by its normalised form, so copies cannot leak.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dedupeKey } from '../classifier/text/canonical';
import { deduplicate, foldOf, loadCorpora, type Corpus, type Example } from '../classifier/corpora';
import { modelFileText } from '../classifier/linear-model';
import { binaryMetrics, multiClassMetrics, type BinaryMetrics, type MultiClassMetrics } from '../classifier/metrics';
import { trainModels, type PipelineOptions } from '../classifier/pipeline';
import type { FeatureCache } from '../classifier/train';
import { moderate } from '../moderation/engine';
import { EMPTY_HISTORY, type Action, type Decision } from '../moderation/types';
import { loadRuleBook } from '../ruleset/loader';

export interface SplitDecisions {
  split: string;
  examples: Example[];
  decisions: Decision[];
}

/** What training needs besides examples: the features (identity terms, vectors) and the vectors file to ship beside the models. */
export interface TrainingSetup {
  cache: FeatureCache;
  vectorsText: string | null;
}

/** Trains on `train` and returns a copy of `rulesDir` with those models in it; the caller removes it. */
export function rulesWithModels(train: Example[], files: Corpus['files'], rulesDir: string, setup: TrainingSetup, log: (l: string) => void, recipes?: PipelineOptions['recipes'], labels?: PipelineOptions['labels']): string {
  const models = trainModels(train, files, { cache: setup.cache, recipes, log, labels });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'moderation-cv-rules-'));
  cpSync(rulesDir, dir, { recursive: true });
  for (const [label, file] of models) writeFileSync(path.join(dir, 'models', `${label}.json`), modelFileText(file));
  if (setup.vectorsText !== null) writeFileSync(path.join(dir, 'models', 'word-vectors.json'), setup.vectorsText);
  return dir;
}

/** Trains on `train`, then moderates `test` with the rules in `rulesDir` and those models. */
function runSplit(split: string, train: Example[], test: Example[], corpus: Corpus, rulesDir: string, setup: TrainingSetup, log: (l: string) => void, recipes?: PipelineOptions['recipes']): SplitDecisions {
  const dir = rulesWithModels(train, corpus.files, rulesDir, setup, (l) => log(`  ${split} ${l}`), recipes);
  try {
    const rules = loadRuleBook(dir).defaultRules;
    const decisions = test.map((ex) => moderate(rules, { site: 'default', name: 'reader', text: ex.text }, EMPTY_HISTORY, 0));
    return { split, examples: test, decisions };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function withoutTexts(examples: readonly Example[], test: readonly Example[]): Example[] {
  const keys = new Set(test.map((ex) => dedupeKey(ex.text)));
  return examples.filter((ex) => !keys.has(dedupeKey(ex.text)));
}

/** Rules that judge spam: the spam classifier and the content spam checks. */
export function isSpamRule(rule: string): boolean {
  return rule === 'classifier.spam' || rule.startsWith('links.') || rule.startsWith('patterns.') || rule.startsWith('shape.');
}

/**
 * Whether the spam rules kept a comment from approval. Holds for swearing
 * (profanity, classifier.toxic/hate) are not spam predictions: a rude fan
 * comment is not an advert, and counting it would measure the swearing policy.
 */
export function isSpamDecision(decision: Decision): boolean {
  return decision.reasons.some((r) => r.action !== 'approve' && isSpamRule(r.rule));
}

/** Each reason's rule and action, without its message: what threshold studies need. */
function ruleActions(decision: Decision): Array<{ rule: string; action: Action }> {
  return decision.reasons.map((r) => ({ rule: r.rule, action: r.action }));
}

export interface VideoResult {
  video: string;
  metrics: BinaryMetrics;
  /** Per-comment outcome, for threshold studies and error reading. */
  rows: Array<{ text: string; spam: boolean; action: Action; reasons: Array<{ rule: string; action: Action }>; scores: Record<string, number> }>;
}

/** `recipes` replaces the shipped training recipes of some labels (for measuring variants). */
export function youtubeLeaveOneVideoOut(dataDir: string, rulesDir: string, setup: TrainingSetup, log: (l: string) => void = () => {}, recipes?: PipelineOptions['recipes']): VideoResult[] {
  const corpus = loadCorpora(dataDir);
  const videos = [...new Set(corpus.examples.map((ex) => ex.source).filter((s) => s.startsWith('youtube:')))].sort();
  return videos.map((video) => {
    const test = deduplicate(corpus.examples.filter((ex) => ex.source === video));
    const split = runSplit(video, withoutTexts(corpus.examples, test), test, corpus, rulesDir, setup, log, recipes);
    const metrics = binaryMetrics(
      split.decisions.map(isSpamDecision),
      test.map((ex) => ex.labels.spam === 1),
    );
    log(`${video}: precision ${metrics.precision.toFixed(3)} recall ${metrics.recall.toFixed(3)} F1 ${metrics.f1.toFixed(3)}`);
    const rows = split.decisions.map((d, i) => ({ text: test[i]!.text, spam: test[i]!.labels.spam === 1, action: d.action, reasons: ruleActions(d), scores: d.scores }));
    return { video: video.replace(/^youtube:/, ''), metrics, rows };
  });
}

export const DAVIDSON_EXPECTED: Record<0 | 1 | 2, Action> = { 0: 'reject', 1: 'hold', 2: 'approve' };

export interface DavidsonResult {
  folds: number;
  /** Decisions pooled over all test folds. */
  pooled: MultiClassMetrics;
  perFold: Array<{ fold: number; weightedF1: number; hateRecall: number }>;
  /** Share of hate tweets rejected, pooled. */
  hateRecall: number;
  /** Per-row scores and the rules that acted, for threshold studies (bench/classifier-ceiling.js). */
  rows: Array<{ cls: 0 | 1 | 2; action: Action; scores: Record<string, number>; reasons: Array<{ rule: string; action: Action }> }>;
}

export function davidsonCrossValidation(dataDir: string, rulesDir: string, setup: TrainingSetup, folds = 5, log: (l: string) => void = () => {}): DavidsonResult {
  const corpus = loadCorpora(dataDir);
  const davidson = deduplicate(corpus.examples.filter((ex) => ex.source === 'davidson'));
  const predicted: string[] = [];
  const actual: string[] = [];
  const perFold: DavidsonResult['perFold'] = [];
  const rows: DavidsonResult['rows'] = [];
  for (let k = 0; k < folds; k++) {
    const test = davidson.filter((ex) => foldOf(ex.text, folds) === k);
    const split = runSplit(`fold ${k + 1}/${folds}`, withoutTexts(corpus.examples, test), test, corpus, rulesDir, setup, log);
    const foldPredicted = split.decisions.map((d) => d.action);
    const foldActual = test.map((ex) => DAVIDSON_EXPECTED[ex.davidsonClass!]);
    const m = multiClassMetrics(['reject', 'hold', 'approve'], foldPredicted, foldActual);
    perFold.push({ fold: k + 1, weightedF1: m.weightedF1, hateRecall: m.perClass[0]!.recall });
    log(`fold ${k + 1}: weighted F1 ${m.weightedF1.toFixed(3)}, hate rejected ${m.perClass[0]!.recall.toFixed(3)}`);
    predicted.push(...foldPredicted);
    actual.push(...foldActual);
    split.decisions.forEach((d, i) => rows.push({ cls: test[i]!.davidsonClass!, action: d.action, scores: d.scores, reasons: ruleActions(d) }));
  }
  const pooled = multiClassMetrics(['reject', 'hold', 'approve'], predicted, actual);
  return { folds, pooled, perFold, hateRecall: pooled.perClass[0]!.recall, rows };
}
