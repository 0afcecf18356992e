// Retention: comments older than their site's retention period lose their
// personal data (anonymise) or are deleted, as the rule file says. Decisions
// and audit events keep their shape: evidence spans keep their offsets and
// rule ids but lose the quoted text. An explicit job, because FerretDB has no
// TTL indexes and anonymising is not a deletion anyway.
import type { Connection } from 'mongoose';
import type { RuleBook } from '../ruleset/loader';
import { commentModel, type CommentDoc } from '../store/comment-model';
import { feedbackModel } from '../store/feedback-model';

const REMOVED = '[removed]';

export interface RetentionReport {
  anonymised: number;
  deleted: number;
  feedbackDeleted: number;
}

function scrubbedDecision(doc: CommentDoc): CommentDoc['decision'] {
  return {
    ...doc.decision,
    reasons: doc.decision.reasons.map((r) => ({
      ...r,
      evidence: r.evidence.spans ? { ...r.evidence, spans: r.evidence.spans.map((s) => ({ ...s, text: '', matched: undefined })) } : r.evidence,
    })),
  };
}

export async function applyRetention(conn: Connection, book: RuleBook, now: number): Promise<RetentionReport> {
  const comments = commentModel(conn);
  const feedback = feedbackModel(conn);
  const report: RetentionReport = { anonymised: 0, deleted: 0, feedbackDeleted: 0 };
  const ownSites = [...book.sites.keys()];
  const scopes = [
    { filter: { site: { $nin: ownSites } }, rules: book.defaultRules },
    ...ownSites.map((site) => ({ filter: { site }, rules: book.sites.get(site)! })),
  ];
  for (const { filter, rules } of scopes) {
    if (!rules.retention) continue;
    const cutoff = new Date(now - rules.retention.days * 86_400_000);
    const old = { ...filter, createdAt: { $lt: cutoff } };
    report.feedbackDeleted += (await feedback.deleteMany(old)).deletedCount;
    if (rules.retention.mode === 'delete') {
      report.deleted += (await comments.deleteMany(old)).deletedCount;
      continue;
    }
    const cursor = comments.find({ ...old, anonymisedAt: { $exists: false } }).lean<CommentDoc[]>().cursor({ batchSize: 500 });
    for await (const doc of cursor) {
      await comments.collection.updateOne(
        { _id: doc._id as never },
        {
          $set: { name: REMOVED, text: REMOVED, decision: scrubbedDecision(doc), anonymisedAt: new Date(now) },
          $unset: { email: '', ip: '', userAgent: '' },
        },
      );
      report.anonymised += 1;
    }
  }
  return report;
}
