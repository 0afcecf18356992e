// Judging without storing: Perspective's analyze and Akismet's is_test calls
// leave no trace, so they run the pure engine with the site's rules and an
// empty history (history checks cannot fire without stored comments).
import { moderate } from '../../moderation/engine';
import { EMPTY_HISTORY, type CommentInput, type Decision } from '../../moderation/types';
import type { SubmitDeps } from '../../service/submit-comment';

export function judgeWithoutStoring(deps: Pick<SubmitDeps, 'rules' | 'now'>, input: CommentInput): Decision {
  const rules = deps.rules().forSite(input.site);
  // Every check runs even after a reject, so every score the rules can give is present.
  const everyCheck = { ...rules, policy: { ...rules.policy, stopOnReject: false } };
  return moderate(everyCheck, input, EMPTY_HISTORY, deps.now());
}
