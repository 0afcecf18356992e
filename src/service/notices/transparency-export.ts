// Statements of reasons issued in a time range, as DSA Transparency Database
// records (src/moderation/transparency-record.ts), in batches of 100 (the
// most its API takes in one request). Each hold or reject that affected an
// author is one statement: the automatic decision at submission, and each
// applied action (a moderator's, or the hold readers' reports made) that moved
// a comment to hold or reject, as the comment stood at that version.
import { statementOfReasons, REPORTS_ACTOR } from '../../moderation/statement-of-reasons';
import { transparencyRecord, type TransparencyRecord } from '../../moderation/transparency-record';
import type { RuleBook } from '../../ruleset/loader';
import type { CommentDoc } from '../../store/comment-model';
import { forEachCommentCreated } from '../../store/decided-comments';
import type { ModerationEventDoc } from '../../store/event-model';
import type { Store } from '../../store/store';

export const TRANSPARENCY_BATCH = 100;

export interface TransparencyExport {
  statements: number;
  batches: number;
}

function recordAt(rules: RuleBook, comment: CommentDoc, event: ModerationEventDoc | null, reports: string[]): TransparencyRecord | null {
  const status = event ? event.to : comment.decision.action;
  const version = event ? event.version : 1;
  const statement = statementOfReasons({
    comment: { id: comment._id, site: comment.site, status, version, createdAt: comment.createdAt, decision: comment.decision },
    event: event && { actor: event.actor, automated: event.actor === REPORTS_ACTOR, to: event.to, code: event.reasonCode ?? null, note: null, at: new Date(event.at), version: event.version },
    reports: reports as never,
    appeals: rules.forSite(comment.site).appeals,
  });
  return statement && transparencyRecord(statement, comment.createdAt);
}

export async function exportTransparency(
  store: Store, rules: RuleBook, range: { since: Date; until: Date; site?: string }, write: (batch: TransparencyRecord[]) => Promise<void> | void,
): Promise<TransparencyExport> {
  let pending: TransparencyRecord[] = [];
  const report: TransparencyExport = { statements: 0, batches: 0 };
  const add = async (record: TransparencyRecord | null) => {
    if (!record) return;
    pending.push(record);
    report.statements += 1;
    if (pending.length === TRANSPARENCY_BATCH) { await write(pending); report.batches += 1; pending = []; }
  };
  const wanted = (site: string) => range.site === undefined || site === range.site;

  await forEachCommentCreated(store, range, async (docs) => {
    for (const c of docs) if (wanted(c.site) && (c.decision.action === 'hold' || c.decision.action === 'reject')) await add(recordAt(rules, c, null, []));
  });

  const events = (await store.events.applied({ since: range.since, until: range.until })).filter((e) => (e.to === 'hold' || e.to === 'reject') && wanted(e.site));
  for (const e of events) {
    const comment = await store.comments.byId(e.commentId);
    if (!comment) continue;
    const reports = e.actor === REPORTS_ACTOR ? (await store.notices.reportsOf(comment._id)).filter((r) => new Date(r.createdAt) <= new Date(e.at)).map((r) => r.reason) : [];
    await add(recordAt(rules, comment, e, reports));
  }
  if (pending.length) { await write(pending); report.batches += 1; }
  return report;
}
