// Retention: comments older than their site's retention period lose their
// personal data (anonymise) or are deleted, as the rule file says. Decisions
// and audit events keep their shape: reasons keep their rule ids, actions,
// scores and span offsets, but not what they quoted of the comment (span
// text, the words a classifier names, the quoted part of a message). Webhook
// deliveries of that age are deleted: they are a send log, and their bodies
// carry the reason messages. Audit events stay, with who did what and when,
// but a moderator's free-text note goes once the event is that old: notes
// quote comments and name people. An explicit job, because FerretDB has no TTL
// indexes and anonymising is not a deletion anyway.
import type { Connection } from 'mongoose';
import type { RuleBook } from '../ruleset/loader';
import { commentModel, type CommentDoc } from '../store/comment-model';
import { deliveryModel } from '../store/delivery-model';
import { eventModel } from '../store/event-model';
import { feedbackModel } from '../store/feedback-model';

const REMOVED = '[removed]';

export interface RetentionReport {
  anonymised: number;
  deleted: number;
  feedbackDeleted: number;
  deliveriesDeleted: number;
  /** Audit events whose moderator note was removed. */
  notesRemoved: number;
}

// Messages quote the comment between double quotes ('Contains the severe
// profanity "..." (matched "...")', 'the words that raised it most: "a", "b"').
// Everything from the first quote to the last goes, so a quote inside the
// quoted text cannot leave a fragment behind.
const QUOTED = /"[\s\S]*"/;

function scrubbedDecision(doc: CommentDoc): CommentDoc['decision'] {
  return {
    ...doc.decision,
    reasons: doc.decision.reasons.map((r) => ({
      ...r,
      message: r.message.replace(QUOTED, `"${REMOVED}"`),
      evidence: {
        ...r.evidence,
        ...(r.evidence.spans && { spans: r.evidence.spans.map((s) => ({ ...s, text: '', matched: undefined })) }),
        ...(r.evidence.topFeatures && { topFeatures: r.evidence.topFeatures.map((f) => ({ ...f, feature: '' })) }),
      },
    })),
  };
}

export async function applyRetention(conn: Connection, book: RuleBook, now: number): Promise<RetentionReport> {
  const comments = commentModel(conn);
  const feedback = feedbackModel(conn);
  const deliveries = deliveryModel(conn);
  const events = eventModel(conn);
  const report: RetentionReport = { anonymised: 0, deleted: 0, feedbackDeleted: 0, deliveriesDeleted: 0, notesRemoved: 0 };
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
    report.deliveriesDeleted += (await deliveries.deleteMany(old)).deletedCount;
    const oldNotes = { ...filter, at: { $lt: cutoff }, note: { $nin: [null, REMOVED] } };
    report.notesRemoved += (await events.updateMany(oldNotes, { $set: { note: REMOVED } })).modifiedCount;
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
