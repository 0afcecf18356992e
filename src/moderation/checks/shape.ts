// Shape: how a comment is written rather than what it says. Shouting,
// characters or words repeated over and over, a pasted phrase repeated, and
// text that is mostly symbols. Each signal is cheap and has its own rule id,
// action and threshold, since their cost in false alarms differs by site.
// Only the repeated phrase holds by default: on the labelled spam corpora the
// others held more real comments than spam, so they record scores until a
// site turns them on.
import { z } from 'zod';
import { defineCheck } from '../check-module';
import { quoted } from '../evidence-caps';
import { spanOf } from '../spam/evidence';
import { shapeOf, tokensOf } from '../spam/comment-text';
import { repeatedPhrase, repeatedWord } from '../spam/shape-stats';
import type { Action, Reason } from '../types';

const action = z.enum(['approve', 'hold', 'reject']);
const rule = (id: string) => z.string().min(1).default(id);
const ratio = z.number().min(0).max(1);

const schema = z
  .object({
    enabled: z.boolean().default(true),
    shouting: z
      .object({
        rule: rule('shape.shouting'),
        // Off unless a site asks: on the spam corpora this held more real comments than spam.
        action: action.default('approve'),
        /** Short comments ("LOL", "OMG YES") are not judged: too few letters to mean anything. */
        minLetters: z.number().int().min(1).default(40),
        /** Share of capital letters among letters that have a case. */
        minRatio: ratio.default(0.9),
      })
      .strict()
      .prefault({}),
    repeatedCharacters: z
      .object({ rule: rule('shape.repeated_characters'), action: action.default('approve'), minRun: z.number().int().min(2).default(30) })
      .strict()
      .prefault({}),
    repeatedWords: z
      .object({ rule: rule('shape.repeated_words'), action: action.default('approve'), minRepeats: z.number().int().min(2).default(5) })
      .strict()
      .prefault({}),
    repeatedPhrase: z
      .object({
        rule: rule('shape.repeated_phrase'),
        action: action.default('hold'),
        words: z.number().int().min(2).default(4),
        minRepeats: z.number().int().min(2).default(3),
      })
      .strict()
      .prefault({}),
    symbols: z
      .object({
        rule: rule('shape.symbols'),
        // Off unless a site asks: on the spam corpora this held more real comments than spam.
        action: action.default('approve'),
        /** Visible (non-space) characters needed before the letter share is judged. */
        minChars: z.number().int().min(1).default(30),
        maxLetterRatio: ratio.default(0.2),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

const round = (x: number) => Math.round(x * 1000) / 1000;

export const shapeCheck = defineCheck({
  name: 'shape',
  schema,
  compile: (config) => (ctx) => {
    if (!config.enabled) return { reasons: [] };
    const reasons: Reason[] = [];
    const scores: Record<string, number> = {};
    const push = (ruleId: string, act: Action, message: string, evidence: Reason['evidence']) => {
      if (act !== 'approve') reasons.push({ check: 'shape', rule: ruleId, action: act, message, evidence });
    };
    const n = ctx.text;

    const { cases, stats } = shapeOf(n);
    if (cases.cased >= config.shouting.minLetters) {
      const capitals = round(cases.upper / cases.cased);
      scores.shouting = capitals;
      if (capitals >= config.shouting.minRatio) {
        push(config.shouting.rule, config.shouting.action, `The comment is shouted: ${Math.round(capitals * 100)}% of its ${cases.cased} letters are capitals.`, {
          score: capitals,
          threshold: config.shouting.minRatio,
          count: cases.cased,
        });
      }
    }

    if (stats.runLength >= config.repeatedCharacters.minRun) {
      const end = stats.runStart + stats.runLength * (n.text.codePointAt(stats.runStart)! > 0xffff ? 2 : 1);
      push(config.repeatedCharacters.rule, config.repeatedCharacters.action, `The comment repeats one character ${stats.runLength} times in a row.`, {
        spans: [spanOf(n, 'text', stats.runStart, end)],
        count: stats.runLength,
        limit: config.repeatedCharacters.minRun,
      });
    }

    if (stats.visible >= config.symbols.minChars) {
      const letterShare = round(stats.letters / stats.visible);
      scores.letterShare = letterShare;
      if (letterShare <= config.symbols.maxLetterRatio) {
        push(config.symbols.rule, config.symbols.action, `The comment is mostly symbols: only ${Math.round(letterShare * 100)}% of its ${stats.visible} characters are letters.`, {
          score: letterShare,
          threshold: config.symbols.maxLetterRatio,
          count: stats.visible,
        });
      }
    }

    const tokens = tokensOf(n);
    // Repeated words record no score, so with the rule off there is nothing to compute.
    const word = config.repeatedWords.action === 'approve' ? null : repeatedWord(tokens);
    if (word && word.times >= config.repeatedWords.minRepeats) {
      push(config.repeatedWords.rule, config.repeatedWords.action, `The comment repeats the word "${quoted(word.value)}" ${word.times} times in a row.`, {
        spans: [spanOf(n, 'text', tokens.starts[word.first]!, tokens.ends[word.last - 1]!)],
        count: word.times,
        limit: config.repeatedWords.minRepeats,
      });
    }

    const phrase = config.repeatedPhrase.action === 'approve' ? null : repeatedPhrase(tokens, config.repeatedPhrase.words, config.repeatedPhrase.minRepeats);
    if (phrase) {
      push(config.repeatedPhrase.rule, config.repeatedPhrase.action, `The comment repeats the phrase "${quoted(phrase.value)}" ${phrase.times} times.`, {
        spans: [spanOf(n, 'text', tokens.starts[phrase.first]!, tokens.ends[phrase.last - 1]!)],
        count: phrase.times,
        limit: config.repeatedPhrase.minRepeats,
      });
    }

    return { reasons, scores };
  },
});
