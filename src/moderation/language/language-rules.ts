// The rule file's `languages` section: how detection reads a comment, which
// languages a site accepts and what happens to the others, and per-language
// changes to the checks (applied by the loader, src/ruleset/loader.ts).
import { z } from 'zod';
import type { Action, CheckResult } from '../types';
import { DEFAULT_DETECTION, languageName, UNKNOWN, type DetectionOptions, type LanguageGuess } from './detect';

const action = z.enum(['approve', 'hold', 'reject']);
export const languageCode = z.string().regex(/^[a-z]{2,3}$/, 'must be a language code like "de"');

export const languageRulesSchema = z
  .object({
    detection: z
      .object({
        minLetters: z.number().int().min(1).max(1000).default(DEFAULT_DETECTION.minLetters),
        minWords: z.number().int().min(1).max(100).default(DEFAULT_DETECTION.minWords),
        sampleChars: z.number().int().min(20).max(1000).default(DEFAULT_DETECTION.sampleChars),
        hintMargin: z.number().min(0).max(1).default(DEFAULT_DETECTION.hintMargin),
        minConfidence: z.number().min(0).max(1).default(DEFAULT_DETECTION.minConfidence),
      })
      .strict()
      .prefault({}),
    /** The languages the site accepts; empty: every language. */
    accept: z.array(languageCode).default([]),
    /** What happens to a comment detected in a language not accepted (texts too short to tell are never refused). */
    other: z.object({ rule: z.string().min(1).default('language.not_accepted'), action: action.default('hold') }).strict().prefault({}),
    /**
     * Changes to `checks` for comments detected in one language, merged key by
     * key over them (lists replace), e.g. other thresholds for German.
     */
    overrides: z.record(languageCode, z.object({ checks: z.record(z.string(), z.unknown()).default({}) }).strict()).default({}),
  })
  .strict()
  .prefault({});

export type LanguageRules = z.output<typeof languageRulesSchema>;

/** The per-comment part: the decision on the language itself. */
export interface LanguagePolicy {
  detection: DetectionOptions;
  accept: ReadonlySet<string> | null;
  other: { rule: string; action: Action };
}

export function languagePolicy(rules: LanguageRules): LanguagePolicy {
  return { detection: rules.detection, accept: rules.accept.length > 0 ? new Set(rules.accept) : null, other: rules.other };
}

const NOTHING: CheckResult = { reasons: [] };

export function judgeLanguage(policy: LanguagePolicy, language: LanguageGuess): CheckResult {
  if (!policy.accept || language.code === UNKNOWN || policy.accept.has(language.code) || policy.other.action === 'approve') return NOTHING;
  const accepted = [...policy.accept].map(languageName).join(', ');
  return {
    reasons: [
      {
        check: 'language',
        rule: policy.other.rule,
        action: policy.other.action,
        message: `Written in ${languageName(language.code)} (confidence ${language.confidence.toFixed(2)}); this site accepts ${accepted}.`,
        evidence: { score: language.confidence },
      },
    ],
  };
}
