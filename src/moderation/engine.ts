// The pure moderation engine: normalise once, run the compiled checks in
// order, combine their results with the policy. Same engine for the HTTP API,
// the CLI, replay and the tests.
import { capReasons } from './evidence-caps';
import { DEFAULT_DETECTION, detectLanguage } from './language/detect';
import { judgeLanguage, type LanguagePolicy } from './language/language-rules';
import { textFingerprint } from './fingerprint';
import { normalize } from './normalize';
import { capReason, combine, type PolicyConfig } from './policy';
import { NO_AUTHOR_RULES, standingReasons, type AuthorRules, type Standing } from './standing';
import type { Check, CheckContext, CheckResult, CommentInput, Decision, HistorySnapshot, NormalizedText } from './types';

import type { AppealRules, ReportRules } from './notice-rules';

export interface CompiledRuleSet {
  version: string;
  /** The site this rule set serves, or null for the default. */
  site: string | null;
  policy: PolicyConfig;
  checks: ReadonlyArray<{ name: string; run: Check }>;
  /** Longest history window any check asks for, in seconds (0: no history needed). */
  historyWindowSeconds: number;
  /** Language detection and acceptance; absent: detection with defaults, every language accepted. */
  language?: LanguagePolicy;
  /** The languages the word lists and the classifier models read, for callers that report it (the Perspective endpoint). */
  languageSupport?: { profanity: readonly string[]; classifier: readonly string[] };
  /** Checks compiled with a language's overrides (rule file `languages.overrides`), by language code. */
  checksByLanguage?: ReadonlyMap<string, CompiledRuleSet['checks']>;
  /** Data retention for the site (not used by the engine; the retention job reads it). */
  retention?: { days: number; mode: 'anonymise' | 'delete' };
  /** Reader reports and appeals (not used by the engine; src/service/notices reads them). */
  reports?: ReportRules;
  appeals?: AppealRules;
  /** New-commenter and repeat-offender rules (the rule file's `authors`). */
  authors?: AuthorRules;
}

export interface PreparedComment {
  comment: CommentInput;
  text: NormalizedText;
  name: NormalizedText;
  textHash: string;
}

/** Normalisation and hashing, done once; callers need the hash to look history up. */
export function prepare(comment: CommentInput): PreparedComment {
  const text = normalize(comment.text);
  return { comment, text, name: normalize(comment.name), textHash: textFingerprint(text.text, text.ascii === true) };
}

/** `standing`: the author's and article's policies and the site's switch, read by the caller (standing.ts). */
export function decide(rules: CompiledRuleSet, prepared: PreparedComment, history: HistorySnapshot, now: number, standing?: Standing): Decision {
  const language = detectLanguage(prepared.comment.text, prepared.comment.language, rules.language?.detection ?? DEFAULT_DETECTION);
  // Written out rather than spread: this runs per comment, and a literal keeps one object shape.
  const ctx: CheckContext = { comment: prepared.comment, text: prepared.text, name: prepared.name, textHash: prepared.textHash, history, now, language };
  const results: CheckResult[] = [];
  const { policy } = rules;
  const checks = rules.checksByLanguage?.get(language.code) ?? rules.checks;
  if (standing) results.push({ reasons: standingReasons(rules.authors ?? NO_AUTHOR_RULES, standing, now) });
  if (rules.language) {
    const judged = judgeLanguage(rules.language, language);
    if (judged.reasons.length > 0) results.push(judged);
  }
  for (let i = 0; i < checks.length; i++) {
    const result = checks[i]!.run(ctx);
    results.push(result);
    // Stop on a reject only if the policy lets that check reject (a capped check does not).
    if (policy.stopOnReject && rejects(result, policy)) break;
  }
  const combined = combine(results, policy);
  // Bounded after the policy has seen every reason: the cut changes what is shown, never the action.
  return { action: combined.action, reasons: capReasons(combined.reasons), scores: combined.scores, rulesVersion: rules.version, language };
}

function rejects(result: CheckResult, policy: PolicyConfig): boolean {
  for (const reason of result.reasons) if (capReason(reason, policy).action === 'reject') return true;
  return false;
}

/** prepare + decide, for callers that have the history already (CLI, tests). */
export function moderate(rules: CompiledRuleSet, comment: CommentInput, history: HistorySnapshot, now: number): Decision {
  return decide(rules, prepare(comment), history, now);
}
