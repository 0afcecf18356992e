// Combines check results: the strongest action wins (reject > hold > approve).
import { ACTION_RANK, type Action, type CheckResult, type Reason } from './types';

/**
 * A reject that stands only when a score confirms it. Example: a slur-list
 * hit on the in-group spellings of one slur, which in the labelled tweets are
 * far more often offensive than hateful, is rejected only when the hate
 * classifier agrees and is otherwise held for a moderator.
 */
export interface ConfirmReject {
  /** The rule whose rejects need confirming, e.g. "profanity.slur". */
  rule: string;
  /** Only reasons whose every matched word is one of these (lower case); empty: every reason of the rule. */
  words: string[];
  /** The score that confirms (a key of the decision's scores, e.g. "hate") and its threshold. */
  score: string;
  atLeast: number;
  /** What an unconfirmed reject becomes. */
  otherwise: Action;
}

export interface PolicyConfig {
  /** Stop running further checks once one rejects (saves time; reasons so far are kept). */
  stopOnReject: boolean;
  /** Actions a check may not exceed, by check name (e.g. { classifier: "hold" } never lets it reject alone). */
  maxActionByCheck: Record<string, Action>;
  confirmRejects?: ConfirmReject[];
}

export function strongest(a: Action, b: Action): Action {
  return ACTION_RANK[b] > ACTION_RANK[a] ? b : a;
}

function cap(reason: Reason, policy: PolicyConfig): Reason {
  const limit = policy.maxActionByCheck[reason.check];
  if (!limit || ACTION_RANK[reason.action] <= ACTION_RANK[limit]) return reason;
  return { ...reason, action: limit };
}

/** The confirmation a reject needs under the policy, if any. */
function confirmationFor(reason: Reason, policy: PolicyConfig): ConfirmReject | undefined {
  const list = policy.confirmRejects;
  if (!list || list.length === 0 || reason.action !== 'reject') return undefined;
  return list.find((c) => {
    if (c.rule !== reason.rule) return false;
    if (c.words.length === 0) return true;
    const spans = reason.evidence.spans ?? [];
    return spans.length > 0 && spans.every((s) => c.words.includes((s.matched ?? s.text).toLowerCase()));
  });
}

/**
 * Caps a reason's action by the policy, so the cap shows in the stored reason
 * too. A reject that awaits confirmation counts as its fallback here, so the
 * engine does not stop before the check that gives the confirming score.
 */
export function capReason(reason: Reason, policy: PolicyConfig): Reason {
  const confirm = confirmationFor(reason, policy);
  return cap(confirm ? { ...reason, action: confirm.otherwise } : reason, policy);
}

/** A reject that needs confirming, settled with the decision's scores (no score: the reject stands). */
function settle(reason: Reason, policy: PolicyConfig, scores: Record<string, number>): Reason {
  const confirm = confirmationFor(reason, policy);
  if (!confirm) return reason;
  const score = scores[confirm.score];
  if (score === undefined || score >= confirm.atLeast) return reason;
  const outcome = confirm.otherwise === 'hold' ? 'Held for a moderator' : 'Approved';
  return {
    ...reason,
    action: confirm.otherwise,
    message: `${reason.message} ${outcome} rather than rejected: the ${confirm.score} score ${score.toFixed(2)} is below ${confirm.atLeast.toFixed(2)}, which this word needs to be rejected (policy.confirmRejects).`,
    evidence: { ...reason.evidence, score, threshold: confirm.atLeast },
  };
}

export function combine(results: CheckResult[], policy: PolicyConfig): { action: Action; reasons: Reason[]; scores: Record<string, number> } {
  let action: Action = 'approve';
  const reasons: Reason[] = [];
  const scores: Record<string, number> = {};
  for (const result of results) if (result.scores) Object.assign(scores, result.scores);
  for (const result of results) {
    for (const raw of result.reasons) {
      const reason = cap(settle(raw, policy, scores), policy);
      reasons.push(reason);
      action = strongest(action, reason.action);
    }
  }
  return { action, reasons, scores };
}
