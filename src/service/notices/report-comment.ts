// A reader's report on a comment (notice and action, DSA Art. 16): stored
// once per reader and comment, put on the reported queue, and counted
// against the rule file's thresholds; reaching one moves a published comment
// to hold through the same versioned action a moderator takes, so a race with
// a moderator has exactly one winner. Reports are written before they are
// counted, so of two reports racing to the threshold at least one sees both.
import { createHash } from 'node:crypto';
import type { Moderator } from '../../access/moderators';
import { DEFAULT_REPORT_RULES, reportsReachThreshold, type ReportReason } from '../../moderation/notice-rules';
import { REPORTS_ACTOR } from '../../moderation/statement-of-reasons';
import type { CommentDoc } from '../../store/comment-model';
import type { ModerationEventDoc } from '../../store/event-model';
import type { LegalNotice, ReportDoc } from '../../store/notice-models';
import { queueEntryId, reportIdFor } from '../../store/notices';
import { moderateComment, type ModerationDeps } from '../moderate-comment';

export interface ReportInput {
  reason: ReportReason;
  reporterId: string;
  note?: string;
  legal?: LegalNotice;
}

export type ReportOutcome = { kind: 'not_found' } | { kind: 'done'; created: boolean; report: ReportDoc; held: boolean };

const REPORTS_MODERATOR: Moderator = { name: REPORTS_ACTOR, role: 'moderator', sites: null };

/** The reader as stored: a digest of the site's own reader id, never the id itself. */
export const reporterHashOf = (site: string, reporterId: string): string =>
  createHash('sha256').update(site).update('\0').update(reporterId).digest('hex').slice(0, 32);

/** The reason most counted reports give (ties: the first reported). */
function leadingReason(reasons: readonly ReportReason[]): ReportReason {
  const counts = new Map<ReportReason, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

export async function reportComment(deps: ModerationDeps, site: string, commentId: string, input: ReportInput): Promise<ReportOutcome> {
  const { store } = deps;
  const comment = await store.comments.byId(commentId);
  if (!comment || comment.site !== site) return { kind: 'not_found' };
  const reporterHash = reporterHashOf(site, input.reporterId);
  const at = new Date(deps.now());
  const { created, report } = await store.notices.addReport({
    _id: reportIdFor(commentId, reporterHash), commentId, site, reporterHash, reason: input.reason,
    note: input.note ?? null, legal: input.legal ?? null, createdAt: at, state: 'open', closedAt: null, closedBy: null,
  });
  if (!created) return { kind: 'done', created, report, held: false };
  await store.notices.audit({
    _id: `${commentId}:report:${reporterHash}`, kind: 'report', commentId, site, actor: `reporter:${reporterHash}`, at, state: 'logged',
    note: input.note ?? null, details: { reason: input.reason, legal: input.legal ? { law: input.legal.law } : null },
  });
  const held = await countReports(deps, comment);
  return { kind: 'done', created, report, held };
}

/** Queues the comment at its earliest counted open report, and holds it once the counted reports reach a threshold. */
async function countReports(deps: ModerationDeps, comment: CommentDoc): Promise<boolean> {
  const { store } = deps;
  const open = (await store.notices.reportsOf(comment._id)).filter((r) => r.state === 'open');
  const muted = await store.notices.mutedAmong(comment.site, open.map((r) => r.reporterHash));
  const counted = open.filter((r) => !muted.has(r.reporterHash)).sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || (a._id < b._id ? -1 : 1));
  const first = counted[0];
  if (!first) return false;
  // Every report of a comment names the same earliest one, so concurrent reports make one entry.
  const firstAt = new Date(first.createdAt);
  await store.notices.enqueue({ _id: queueEntryId('reported', comment.site, firstAt, comment._id), queue: 'reported', site: comment.site, commentId: comment._id, at: firstAt });
  const rules = deps.rules().forSite(comment.site).reports ?? DEFAULT_REPORT_RULES;
  const reasons = counted.map((r) => r.reason);
  if (!reportsReachThreshold(rules, reasons)) return false;
  const current = await store.comments.byId(comment._id);
  // Only a published comment is moved; a hold or reject already made stands.
  if (!current || current.status !== 'approve') return false;
  const outcome = await moderateComment(deps, REPORTS_MODERATOR, {
    id: current._id, action: 'hold', expectedVersion: current.version, reasonCode: leadingReason(reasons), reason: 'reports.threshold',
  });
  return outcome.kind === 'done';
}

/**
 * A person decided the comment: its open reports close, upheld by a hold or
 * reject and dismissed by an approve. The hold the reports themselves made
 * closes nothing.
 */
export async function closeReportsOnDecision(deps: Pick<ModerationDeps, 'store'>, event: ModerationEventDoc, comment: CommentDoc): Promise<ReportDoc[]> {
  if (event.actor === REPORTS_ACTOR) return [];
  const open = (await deps.store.notices.reportsOf(comment._id)).filter((r) => r.state === 'open');
  if (open.length === 0) return [];
  return deps.store.notices.closeReports(open, event.to === 'approve' ? 'dismissed' : 'upheld', event.actor, new Date(event.at));
}
