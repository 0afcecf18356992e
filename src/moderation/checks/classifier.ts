// Classifier: calibrated probabilities from the trained linear models in
// rules/models (spam, toxic, hate), one feature extraction per comment for all
// of them. A label holds or rejects when its probability reaches the
// thresholds set for it; the reason names the words that pushed the score.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { decodeModel, ModelFileError, type LinearModel } from '../../classifier/linear-model';
import { lastAsciiWordCount, lastWordsMeet, mentionsMeet, wordKeys } from '../../classifier/features';
import { MultiLabelScorer } from '../../classifier/scorer';
import { defineCheck, type RuleResources } from '../check-module';
import type { Action, Reason } from '../types';

const probability = z.number().min(0).max(1);

const labelSchema = z
  .object({
    /** Model file, relative to the rules directory. */
    model: z.string().min(1),
    hold: probability,
    reject: probability.optional(),
    /** Overrides the section's minWords for this label: "subscribe" alone is spam, but one word says little about abuse. */
    minWords: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((t) => t.reject === undefined || t.reject >= t.hold, { message: 'reject must not be below hold' });

// Decoded models are shared by every rule set that names the same file
// content (the default and each site), so sites do not multiply memory.
const MODEL_CACHE_LIMIT = 16;
const decodedModels = new Map<string, LinearModel>();

function loadModel(resources: RuleResources, file: string, label: string): LinearModel {
  const text = resources.readText(file);
  const key = createHash('sha256').update(text).digest('hex');
  let model = decodedModels.get(key);
  if (!model) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new Error(`"${file}" is not valid JSON: ${(err as Error).message}`);
    }
    try {
      model = decodeModel(raw).model;
    } catch (err) {
      if (err instanceof ModelFileError) throw new Error(`"${file}": ${err.message}`);
      throw err;
    }
    if (decodedModels.size >= MODEL_CACHE_LIMIT) decodedModels.delete(decodedModels.keys().next().value!);
    decodedModels.set(key, model);
  }
  if (model.label !== label) throw new Error(`labels.${label}: "${file}" holds a "${model.label}" model`);
  return model;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words in the text, counting no further than `enough`. */
function countWords(text: string, enough: number): number {
  WORD.lastIndex = 0;
  let n = 0;
  while (n < enough && WORD.exec(text)) n++;
  return n;
}

/** The phrases of the given list files (one a line, "#" starts a comment), each as its words. */
function phraseWords(texts: readonly string[]): string[][] {
  return texts
    .flatMap((t) => t.split(/\r?\n/))
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
    .filter((words) => words.length > 0);
}

/** One pattern for the phrases, matched whole-word and case-blind, any punctuation or spacing between their words. */
function phrasePattern(phrases: readonly string[][]): RegExp | null {
  if (phrases.length === 0) return null;
  const alternatives = [...phrases]
    // Longest first, so "dick van dyke" wins over "van dyke".
    .sort((a, b) => b.join(' ').length - a.join(' ').length)
    .map((words) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/**
 * Per phrase, its longest word: a phrase can be in a text only if that word
 * is one of the text's words, so the pattern runs only then (rarely).
 */
function phraseKeys(phrases: readonly string[][]) {
  return wordKeys(phrases.map((words) => words.reduce((a, b) => (b.length > a.length ? b : a))));
}

function percent(p: number): string {
  return p.toFixed(2);
}

export const classifierCheck = defineCheck({
  name: 'classifier',
  schema: z
    .object({
      enabled: z.boolean().default(true),
      /** Label name (spam, toxic, hate, ...) to its model and thresholds; rule ids are classifier.<label>. */
      labels: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'label names are lower-case words'), labelSchema).default({}),
      /**
       * Comments with fewer words are scored but never held or rejected by the
       * classifier: one or two words ("coon hound", "cocktail") lack the context
       * a bag-of-words model needs, and the word lists, with their allowlists,
       * judge them better.
       */
      minWords: z.number().int().min(0).default(4),
      /**
       * Lists of innocent names and phrases (e.g. the profanity allowlist:
       * "Dick Van Dyke", "cum laude") whose words the models do not see: a
       * bag of words cannot tell the actor from the insult.
       */
      ignorePhrases: z.array(z.string().min(1)).default([]),
      /** How many words a reason names as evidence. */
      topFeatures: z.number().int().min(0).max(20).default(5),
    })
    .strict()
    .prefault({}),
  compile: (config, resources) => {
    const labels = Object.entries(config.labels);
    if (!config.enabled || labels.length === 0) return () => ({ reasons: [] });
    const models = new Map(labels.map(([label, t]) => [label, loadModel(resources, t.model, label)]));
    const scorer = new MultiLabelScorer([...models.values()]);
    const maxMinWords = Math.max(config.minWords, ...labels.map(([, t]) => t.minWords ?? 0));
    const phrases = phraseWords(config.ignorePhrases.map((file) => resources.readText(file)));
    const ignored = phrasePattern(phrases);
    const ignoredKeys = phraseKeys(phrases);
    const minWords = labels.map(([, t]) => t.minWords ?? config.minWords);
    return (ctx) => {
      let text = ctx.comment.text;
      let probabilities = scorer.scoreAll(text);
      // Listed phrases are removed before the models see the text; the scan
      // above tells whether one of their words is there at all (an @mention
      // is not among the words: "@Arsenal").
      if (ignored && (lastWordsMeet(ignoredKeys) || mentionsMeet(text, ignoredKeys))) {
        const without = text.replace(ignored, ' ');
        if (without !== text) {
          text = without;
          probabilities = scorer.scoreAll(text);
        }
      }
      // The scan just counted the words of an ASCII text (the last one scored).
      const ascii = lastAsciiWordCount();
      const words = ascii >= 0 ? ascii : countWords(text, maxMinWords);
      const scores: Record<string, number> = {};
      const acting: Array<{ label: string; p: number; action: Action; threshold: number }> = [];
      for (let i = 0; i < labels.length; i++) {
        const [label, t] = labels[i]!;
        const p = probabilities[i]!;
        scores[label] = Math.round(p * 10_000) / 10_000;
        if (words < minWords[i]!) continue;
        if (t.reject !== undefined && p >= t.reject) acting.push({ label, p, action: 'reject', threshold: t.reject });
        else if (p >= t.hold) acting.push({ label, p, action: 'hold', threshold: t.hold });
      }
      if (acting.length === 0) return { reasons: [], scores };
      // One extraction explains every label that acts.
      const explanations = scorer.explain(
        text,
        acting.map((a) => a.label),
        config.topFeatures,
      );
      const reasons: Reason[] = acting.map(({ label, p, action, threshold }, i) => {
        const topFeatures = explanations[i]!;
        const words = topFeatures.length ? `; the words that raised it most: ${topFeatures.map((f) => `"${f.feature}"`).join(', ')}` : '';
        return {
          check: 'classifier',
          rule: `classifier.${label}`,
          action,
          message: `The ${label} classifier gives ${percent(p)}, at or above the ${action} threshold ${percent(threshold)}${words}.`,
          evidence: { score: scores[label], threshold, topFeatures },
        };
      });
      return { reasons, scores };
    };
  },
});
