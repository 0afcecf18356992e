// Which findings of the checks count as evidence for which Perspective-style
// attribute. Read generically from a decision's reasons, so new rules of an
// existing check count without changes here.
import type { Decision, Reason } from '../../moderation/types';

export type EvidenceSignal = 'profanity' | 'severeProfanity' | 'spamRules';

/** Checks whose findings are signs of spam rather than of tone. */
const SPAM_CHECKS = new Set(['links', 'patterns', 'shape', 'history']);

const isSignal: Record<EvidenceSignal, (r: Reason) => boolean> = {
  profanity: (r) => r.check === 'profanity',
  // The reject tier of the profanity check: the words a site refuses outright.
  severeProfanity: (r) => r.check === 'profanity' && r.action === 'reject',
  spamRules: (r) => SPAM_CHECKS.has(r.check),
};

export function reasonsFor(decision: Pick<Decision, 'reasons'>, signal: EvidenceSignal): Reason[] {
  return decision.reasons.filter(isSignal[signal]);
}

/**
 * Whether the rules that made the decision can produce the signal at all. The
 * profanity check reports a `profanity` score whenever it runs with word
 * lists; the spam checks always run.
 */
export function signalAvailable(decision: Pick<Decision, 'scores'>, signal: EvidenceSignal): boolean {
  return signal === 'spamRules' || 'profanity' in decision.scores;
}
