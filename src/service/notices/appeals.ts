// Authors' appeals against a hold or reject (DSA Art. 20): lodged by the site
// on the author's behalf within the rule file's window, decided by a person
// other than the one who made the decision appealed, exactly once: the
// decision's audit entry has a unique _id, so of two moderators deciding at
// once one wins and the other gets 409.
import { mayAccessSite, type Moderator } from '../../access/moderators';
import { DEFAULT_APPEAL_RULES, type ModeratorCode } from '../../moderation/notice-rules';
import type { CommentDoc } from '../../store/comment-model';
import type { AppealDoc } from '../../store/notice-models';
import { appealIdFor, queueEntryId } from '../../store/notices';
import { moderateComment, type ModerationDeps } from '../moderate-comment';
import { decidingEvent } from './statements';

export type AppealRefusal =
  | 'comment_not_found' | 'appeals_disabled' | 'not_appealable' | 'appeal_window_closed'
  | 'appeal_not_found' | 'appeal_decided' | 'same_moderator' | 'version_conflict';

export type AppealOutcome =
  | { kind: 'refused'; code: AppealRefusal; status: number; message: string }
  | { kind: 'done'; created: boolean; appeal: AppealDoc; comment: CommentDoc };

const refuse = (code: AppealRefusal, status: number, message: string): AppealOutcome => ({ kind: 'refused', code, status, message });

export async function lodgeAppeal(deps: ModerationDeps, site: string, commentId: string, statement: string | undefined): Promise<AppealOutcome> {
  const { store } = deps;
  const comment = await store.comments.byId(commentId);
  if (!comment || comment.site !== site) return refuse('comment_not_found', 404, 'no comment with this id for this site');
  const rules = deps.rules().forSite(site).appeals ?? DEFAULT_APPEAL_RULES;
  if (!rules.enabled) return refuse('appeals_disabled', 403, "appeals are off in this site's rules (appeals.enabled)");
  if (comment.status !== 'hold' && comment.status !== 'reject') return refuse('not_appealable', 409, `the comment is ${comment.status}: only a hold or reject can be appealed`);
  const event = await decidingEvent(store, comment);
  const decidedAt = event ? new Date(event.at) : new Date(comment.decision.decidedAt);
  const now = deps.now();
  if (now - decidedAt.getTime() > rules.windowDays * 86_400_000) return refuse('appeal_window_closed', 409, `appeals close ${rules.windowDays} days after the decision`);
  const at = new Date(now);
  const { created, appeal } = await store.notices.addAppeal({
    _id: appealIdFor(comment._id, comment.version), commentId: comment._id, site, version: comment.version, status: comment.status,
    decidedBy: event?.actor ?? 'system', statement: statement ?? null, createdAt: at, state: 'open', decision: null,
  });
  if (created) {
    await store.notices.audit({
      _id: `${comment._id}:appeal:v${comment.version}`, kind: 'appeal', commentId: comment._id, site, actor: 'author', at, state: 'logged',
      note: statement ?? null, details: { version: comment.version, status: comment.status, decidedBy: appeal.decidedBy },
    });
    await store.notices.enqueue({ _id: queueEntryId('appealed', site, at, comment._id), queue: 'appealed', site, commentId: comment._id, at, version: comment.version });
  }
  return { kind: 'done', created, appeal, comment };
}

/** The appeal against one version of a comment. */
export const appealOf = (store: ModerationDeps['store'], commentId: string, version: number): Promise<AppealDoc | null> =>
  store.notices.appealById(appealIdFor(commentId, version));

export interface AppealDecision {
  version: number;
  outcome: 'uphold' | 'reverse';
  code: ModeratorCode;
  note?: string;
}

export async function decideAppeal(deps: ModerationDeps, moderator: Moderator, commentId: string, decision: AppealDecision): Promise<AppealOutcome> {
  const { store } = deps;
  const appeal = await store.notices.appealById(appealIdFor(commentId, decision.version));
  if (!appeal || !mayAccessSite(moderator, appeal.site)) return refuse('appeal_not_found', 404, 'no appeal against this version of this comment that you may see');
  if (appeal.state !== 'open') return refuse('appeal_decided', 409, `the appeal was decided already (${appeal.state})`);
  if (appeal.decidedBy === moderator.name) return refuse('same_moderator', 403, 'you made the decision appealed against: another moderator must decide the appeal');
  const comment = await store.comments.byId(commentId);
  if (!comment) return refuse('appeal_not_found', 404, 'the comment is gone');
  if (decision.outcome === 'reverse' && comment.version !== appeal.version) {
    return refuse('version_conflict', 409, `the comment moved to version ${comment.version} (status ${comment.status}) since the appeal; reload it`);
  }
  const at = new Date(deps.now());
  // The unique _id of this entry is what lets exactly one decision through.
  const claimed = await store.notices.audit({
    _id: `${commentId}:appeal:v${appeal.version}:decided`, kind: 'appeal_decision', commentId, site: appeal.site, actor: moderator.name, at, state: 'logged',
    note: decision.note ?? null, details: { outcome: decision.outcome, code: decision.code, role: moderator.role },
  });
  if (!claimed) return refuse('appeal_decided', 409, 'another moderator decided this appeal first');
  let current = comment;
  if (decision.outcome === 'reverse') {
    const moved = await moderateComment(deps, moderator, { id: commentId, action: 'approve', expectedVersion: appeal.version, reasonCode: decision.code, reason: 'appeal.reversed', note: decision.note, decidesAppeal: true });
    if (moved.kind === 'done') current = moved.comment;
  }
  const decided = await store.notices.decideAppeal(appeal._id, decision.outcome === 'reverse' ? 'reversed' : 'upheld', {
    actor: moderator.name, outcome: decision.outcome, code: decision.code, note: decision.note ?? null, at, to: current.status,
  });
  await store.notices.dequeue(queueEntryId('appealed', appeal.site, new Date(appeal.createdAt), commentId));
  return { kind: 'done', created: true, appeal: decided ?? appeal, comment: current };
}
