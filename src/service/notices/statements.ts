// The statement of reasons for a stored comment: its deciding event (one
// `_id` read) and, when readers' reports moved it, their reasons (one range).
import { statementOfReasons, REPORTS_ACTOR, type StatementOfReasons } from '../../moderation/statement-of-reasons';
import type { ReportReason } from '../../moderation/notice-rules';
import type { RuleBook } from '../../ruleset/loader';
import type { CommentDoc } from '../../store/comment-model';
import { eventIdFor, type ModerationEventDoc } from '../../store/event-model';
import type { Store } from '../../store/store';

export async function decidingEvent(store: Store, comment: CommentDoc): Promise<ModerationEventDoc | null> {
  if (comment.version < 2) return null;
  const event = await store.events.byId(eventIdFor(comment._id, comment.version));
  return event && event.state !== 'void' ? event : null;
}

/** What the author is told in words: the free-text `reason` (never the moderators' internal `note`). */
const authorNote = (e: ModerationEventDoc): string | null => (e.reason && e.reason.trim().toLowerCase() !== e.reasonCode ? e.reason : null);

/** The statement for what is stored; `event` when the caller has read it already. */
export async function statementFor(store: Store, rules: () => RuleBook, comment: CommentDoc, event?: ModerationEventDoc | null): Promise<StatementOfReasons | null> {
  if (comment.status !== 'hold' && comment.status !== 'reject') return null;
  const deciding = event === undefined ? await decidingEvent(store, comment) : event;
  const byReports = deciding?.actor === REPORTS_ACTOR;
  const reports: ReportReason[] = byReports ? (await store.notices.reportsOf(comment._id)).filter((r) => r.state !== 'dismissed').map((r) => r.reason) : [];
  return statementOfReasons({
    comment: { id: comment._id, site: comment.site, status: comment.status, version: comment.version, createdAt: comment.createdAt, decision: comment.decision },
    event: deciding && { actor: deciding.actor, automated: byReports, to: deciding.to, code: deciding.reasonCode ?? null, note: authorNote(deciding), at: new Date(deciding.at), version: deciding.version },
    reports,
    appeals: rules().forSite(comment.site).appeals,
  });
}
