// Classifier: calibrated probabilities from the trained linear models in
// rules/models (spam, toxic, hate), one feature extraction per comment for all
// of them. A label holds or rejects when its probability reaches the
// thresholds set for it; the reason names the words that pushed the score.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { decodeModel, ModelFileError, type LinearModel } from '../../classifier/linear-model';
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

/**
 * One pattern for the phrases of the given list files (one a line, "#" starts a
 * comment), matched whole-word and case-blind, any punctuation or spacing
 * between their words.
 */
function phrasePattern(texts: readonly string[]): RegExp | null {
  const phrases = texts
    .flatMap((t) => t.split(/\r?\n/))
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
    .filter((words) => words.length > 0)
    // Longest first, so "dick van dyke" wins over "van dyke".
    .sort((a, b) => b.join(' ').length - a.join(' ').length)
    .map((words) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]+'));
  if (phrases.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
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
    const ignored = phrasePattern(config.ignorePhrases.map((file) => resources.readText(file)));
    return (ctx) => {
      const text = ignored ? ctx.comment.text.replace(ignored, ' ') : ctx.comment.text;
      const probabilities = scorer.score(text);
      const words = countWords(text, maxMinWords);
      const scores: Record<string, number> = {};
      const acting: Array<{ label: string; p: number; action: Action; threshold: number }> = [];
      for (const [label, t] of labels) {
        const p = probabilities[label]!;
        scores[label] = Number(p.toFixed(4));
        if (words < (t.minWords ?? config.minWords)) continue;
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
