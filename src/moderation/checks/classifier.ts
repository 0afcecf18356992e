// Classifier: calibrated probabilities from the trained models in
// rules/models, one scan of the comment's words for all of them: spam from
// the whole comment, toxicity, severe_toxicity, identity_attack and insult
// from its worst sentence (see rules/models/MODEL_CARD.md). Probabilities are
// moved from the training mixture to the site's base rates (`prior`). A label
// holds or rejects at its thresholds; the reason names the words that raised
// the score, with their offsets in the text as sent. Short comments are
// judged too, and one the toxicity model cannot clear is held.
import { z } from 'zod';
import { CommentScorer, type Evidence } from '../../classifier/scorer';
import { slotsMeet, mentionsMeet, wordKeys } from '../../classifier/text/word-keys';
import { defineCheck } from '../check-module';
import type { Action, Reason, Span } from '../types';
import { loadModel, loadVectors } from './classifier-models';
import { compileGroups, listsSchema } from '../harm/reasons';
import { counterSpeechRanges } from '../harm/counter-speech';
import { languageName, scoresClose, UNKNOWN, type LanguageGuess } from '../language/detect';
import type { CheckResult } from '../types';

/** The result for a comment in a language the models do not read: an approve reason that says why there are no scores. */
function notScoredIn(languages: readonly string[]): (language: LanguageGuess) => CheckResult {
  const trained = languages.map(languageName).join(', ');
  return (language) => ({
    reasons: [
      {
        check: 'classifier',
        rule: 'classifier.language',
        action: 'approve',
        message: `Not scored by the classifier: its models read ${trained}, and this comment was detected as ${languageName(language.code)} (confidence ${language.confidence.toFixed(2)}).`,
        evidence: { score: language.confidence },
      },
    ],
  });
}

/**
 * A comment detected in another language is still scored when a language the
 * models read scored within this share of it: being wrong there lets a toxic
 * English comment through unscored, and no sentence of another language in
 * data/languages comes this close to English.
 */
const CLOSE_MARGIN = 0.15;

const probability = z.number().min(0).max(1);
const rate = z.number().gt(0).lt(1);

const labelSchema = z
  .object({
    /** Model file, relative to the rules directory. */
    model: z.string().min(1),
    hold: probability,
    reject: probability.optional(),
    /**
     * The share of comments on the site this label is true of. A sentence
     * model's probabilities are moved from its training mixture (about half
     * positives) to this rate; absent: as trained.
     */
    prior: rate.optional(),
  })
  .strict()
  .refine((t) => t.reject === undefined || t.reject >= t.hold, { message: 'reject must not be below hold' });

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

const logit = (p: number) => Math.log(p / (1 - p));

function spansOf(text: string, evidence: readonly Evidence[]): Span[] {
  const spans: Span[] = [];
  for (const e of evidence) for (const s of e.spans) spans.push({ field: 'text', start: s.start, end: s.end, text: text.slice(s.start, s.end) });
  return spans.sort((a, b) => a.start - b.start);
}

export const classifierCheck = defineCheck({
  name: 'classifier',
  schema: z
    .object({
      enabled: z.boolean().default(true),
      /** Label name to its model and thresholds; rule ids are classifier.<label>. */
      labels: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'label names are lower-case words'), labelSchema).default({}),
      /**
       * Comments of at most maxWords words say little, so the label's
       * probability is held at a lower threshold: a short comment the model
       * cannot clear waits for a moderator rather than being approved.
       */
      shortText: z
        .object({ label: z.string(), maxWords: z.number().int().min(1).max(10), hold: probability, rule: z.string().default('classifier.short_text') })
        .strict()
        .optional(),
      /**
       * A comment of one word has no target and no context: "kill", "shoot",
       * "criminal" alone are harmless words to a reader. Only this label, at
       * this threshold, judges it (name-calling: "Moron."); the word lists and
       * the threat check ("kys") judge it as they judge every comment.
       */
      singleWord: z.object({ label: z.string(), hold: probability, rule: z.string().default('classifier.single_word') }).strict().optional(),
      /**
       * Lists of innocent names and phrases (e.g. the profanity allowlist:
       * "Dick Van Dyke", "cum laude") the models do not see: a bag of words
       * cannot tell the actor from the insult.
       */
      ignorePhrases: z.array(z.string().min(1)).default([]),
      /**
       * Counter-speech: sentences where the threat or dehumanisation grammar
       * found harmful words that a negation, quotation or report kept from
       * counting ("Saying immigrants are vermin is disgusting") are left out
       * of the sentence models' scores. The protected-groups lists they read.
       */
      counterSpeech: z.object({ enabled: z.boolean().default(false), ...listsSchema }).strict().prefault({}),
      /** How many words a reason names as evidence. */
      topFeatures: z.number().int().min(0).max(20).default(5),
      /**
       * The languages the models were trained on. A comment detected in
       * another language is not scored (an English bag of words reads German
       * as unknown words and answers near the prior): the decision says so
       * and gives no classifier scores. Texts too short to tell are scored.
       */
      languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).default(['en']),
    })
    .strict()
    .prefault({}),
  compile: (config, resources) => {
    const labels = Object.entries(config.labels);
    if (!config.enabled || labels.length === 0) return () => ({ reasons: [] });
    const models = labels.map(([label, t]) => loadModel(resources, t.model, label));
    const vectorsFile = models.find((m) => m.features.vectors)?.features.vectors;
    const vectors = vectorsFile ? loadVectors(resources, labels.find(([, t], i) => models[i]!.features.vectors)![1].model, vectorsFile) : null;
    const logitShift = labels.map(([, t], i) => {
      const trained = models[i]!.calibration.prior;
      return t.prior !== undefined && trained !== undefined ? logit(t.prior) - logit(trained) : 0;
    });
    const scorer = new CommentScorer(models, { vectors, logitShift });
    const phrases = phraseWords(config.ignorePhrases.map((file) => resources.readText(file)));
    const ignored = phrasePattern(phrases);
    // Per phrase, its longest word: a phrase can be in a text only if that word is.
    const ignoredKeys = wordKeys(phrases.map((words) => words.reduce((a, b) => (b.length > a.length ? b : a))));
    const short = config.shortText;
    const shortIndex = short ? labels.findIndex(([label]) => label === short.label) : -1;
    if (short && shortIndex < 0) throw new Error(`shortText.label: "${short.label}" is not one of the labels`);
    const single = config.singleWord;
    const singleIndex = single ? labels.findIndex(([label]) => label === single.label) : -1;
    if (single && singleIndex < 0) throw new Error(`singleWord.label: "${single.label}" is not one of the labels`);
    const guards = config.counterSpeech.enabled ? compileGroups(resources, config.counterSpeech.groups, config.counterSpeech.people) : null;
    const unscored = notScoredIn(config.languages);
    const acts = (p: Float64Array, words: number) => labels.some(([, t], i) => p[i]! >= Math.min(t.hold, i === shortIndex && words > 1 && words <= short!.maxWords ? short!.hold : 1));
    return (ctx) => {
      if (ctx.language && ctx.language.code !== UNKNOWN && !config.languages.includes(ctx.language.code)
        && !config.languages.some((code) => scoresClose(ctx.comment.text, code, CLOSE_MARGIN))) return unscored(ctx.language);
      const text = ctx.comment.text;
      let result = scorer.score(text);
      // Listed phrases are blanked (same length, so offsets hold) before the
      // models see the text, when one of their words is there at all (an
      // @mention is not among the words: "@Arsenal").
      let scored = text;
      if (ignored && (slotsMeet(result.scanned.table, result.scanned.slots, result.words, ignoredKeys) || mentionsMeet(text, ignoredKeys))) {
        const without = text.replace(ignored, (m) => ' '.repeat(m.length));
        if (without !== text) {
          scored = without;
          result = scorer.score(without);
        }
      }
      // Only when a label would act is the comment read for counter-speech (rare, and not free).
      if (guards && acts(result.probabilities, result.words)) {
        const skip = counterSpeechRanges(ctx.text, guards);
        if (skip.length > 0) result = scorer.score(scored, skip);
      }
      const probabilities = result.probabilities;
      const scores: Record<string, number> = {};
      const acting: Array<{ label: string; p: number; action: Action; threshold: number; rule: string; short?: boolean }> = [];
      for (let i = 0; i < labels.length; i++) {
        const [label, t] = labels[i]!;
        const p = probabilities[i]!;
        scores[label] = Math.round(p * 10_000) / 10_000;
        if (single && result.words === 1 && models[i]!.features.level === 'sentence') {
          if (i === singleIndex && p >= single.hold) acting.push({ label, p, action: 'hold', threshold: single.hold, rule: single.rule });
          continue;
        }
        if (t.reject !== undefined && p >= t.reject) acting.push({ label, p, action: 'reject', threshold: t.reject, rule: `classifier.${label}` });
        else if (p >= t.hold) acting.push({ label, p, action: 'hold', threshold: t.hold, rule: `classifier.${label}` });
        else if (i === shortIndex && result.words > 1 && result.words <= short!.maxWords && p >= short!.hold) {
          acting.push({ label, p, action: 'hold', threshold: short!.hold, rule: short!.rule, short: true });
        }
      }
      if (acting.length === 0) return { reasons: [], scores };
      const reasons: Reason[] = acting.map(({ label, p, action, threshold, rule, short: isShort }) => {
        const evidence = scorer.explain(label, config.topFeatures);
        const words = evidence.length ? `; the words that raised it most: ${evidence.map((f) => `"${f.feature}"`).join(', ')}` : '';
        const message = isShort
          ? `A short comment the ${label} classifier cannot clear: it gives ${p.toFixed(2)}, at or above ${threshold.toFixed(2)} for comments of at most ${short!.maxWords} words${words}.`
          : `The ${label} classifier gives ${p.toFixed(2)}, at or above the ${action} threshold ${threshold.toFixed(2)}${words}.`;
        return {
          check: 'classifier',
          rule,
          action,
          message,
          evidence: { score: scores[label], threshold, topFeatures: evidence.map((f) => ({ feature: f.feature, weight: f.weight })), spans: spansOf(text, evidence) },
        };
      });
      return { reasons, scores };
    };
  },
});
