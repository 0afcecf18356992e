// Classifier: calibrated probabilities from the trained linear models in
// rules/models (spam, toxic, hate), one feature extraction per comment for all
// of them. A label holds or rejects when its probability reaches the
// thresholds set for it; the reason names the words that pushed the score.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { decodeModel, ModelFileError, type LinearModel } from '../../classifier/linear-model';
import { MultiLabelScorer, topContributions } from '../../classifier/scorer';
import { defineCheck, type RuleResources } from '../check-module';
import type { Action, Reason } from '../types';

const probability = z.number().min(0).max(1);

const labelSchema = z
  .object({
    /** Model file, relative to the rules directory. */
    model: z.string().min(1),
    hold: probability,
    reject: probability.optional(),
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

/** Words in the text, counting no further than `enough`. */
function countWords(text: string, enough: number): number {
  const word = /[\p{L}\p{N}]+/gu;
  let n = 0;
  while (n < enough && word.exec(text)) n++;
  return n;
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
    return (ctx) => {
      const probabilities = scorer.score(ctx.comment.text);
      const mayAct = countWords(ctx.comment.text, config.minWords) >= config.minWords;
      const reasons: Reason[] = [];
      const scores: Record<string, number> = {};
      for (const [label, t] of labels) {
        const p = probabilities[label]!;
        scores[label] = Number(p.toFixed(4));
        let action: Action | null = null;
        let threshold = t.hold;
        if (t.reject !== undefined && p >= t.reject) {
          action = 'reject';
          threshold = t.reject;
        } else if (p >= t.hold) {
          action = 'hold';
        }
        if (!action || !mayAct) continue;
        const topFeatures = topContributions(models.get(label)!, ctx.comment.text, config.topFeatures);
        const words = topFeatures.length ? `; the words that raised it most: ${topFeatures.map((f) => `"${f.feature}"`).join(', ')}` : '';
        reasons.push({
          check: 'classifier',
          rule: `classifier.${label}`,
          action,
          message: `The ${label} classifier gives ${percent(p)}, at or above the ${action} threshold ${percent(threshold)}${words}.`,
          evidence: { score: scores[label], threshold, topFeatures },
        });
      }
      return { reasons, scores };
    };
  },
});
