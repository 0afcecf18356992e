// Combines check results: the strongest action wins (reject > hold > approve).
import { ACTION_RANK, type Action, type CheckResult, type Reason } from './types';

export interface PolicyConfig {
  /** Stop running further checks once one rejects (saves time; reasons so far are kept). */
  stopOnReject: boolean;
  /** Actions a check may not exceed, by check name (e.g. { classifier: "hold" } never lets it reject alone). */
  maxActionByCheck: Record<string, Action>;
}

export function strongest(a: Action, b: Action): Action {
  return ACTION_RANK[b] > ACTION_RANK[a] ? b : a;
}

/** Caps a reason's action by the policy, so the cap shows in the stored reason too. */
export function capReason(reason: Reason, policy: PolicyConfig): Reason {
  const cap = policy.maxActionByCheck[reason.check];
  if (!cap || ACTION_RANK[reason.action] <= ACTION_RANK[cap]) return reason;
  return { ...reason, action: cap };
}

export function combine(results: CheckResult[], policy: PolicyConfig): { action: Action; reasons: Reason[]; scores: Record<string, number> } {
  let action: Action = 'approve';
  const reasons: Reason[] = [];
  const scores: Record<string, number> = {};
  for (const result of results) {
    for (const raw of result.reasons) {
      const reason = capReason(raw, policy);
      reasons.push(reason);
      action = strongest(action, reason.action);
    }
    if (result.scores) Object.assign(scores, result.scores);
  }
  return { action, reasons, scores };
}
