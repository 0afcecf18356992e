// Retention: comments older than their site's retention period lose their
// personal data (anonymise) or are deleted, as the rule file says. Decisions
// and audit events keep their shape: reasons keep their rule ids, actions,
// scores and span offsets, but not what they quoted of the comment (span
// text, the words a classifier names, the quoted part of a message). Webhook
// deliveries of that age are deleted: they are a send log, and their bodies
// carry the reason messages. Audit events stay, with who did what and when,
// but a moderator's free-text note goes once the event is that old: notes
// quote comments and name people. A comment's reports and appeals follow the
// comment: their free text goes when it is anonymised, they go when it is
// deleted. An explicit job, because FerretDB has no TTL
// indexes and anonymising is not a deletion anyway (store/retention-store.ts
// makes the writes on either database).
import type { RuleBook } from '../ruleset/loader';
import type { CommentDoc } from '../store/comment-model';
import type { EditRecord } from '../store/event-model';
import type { Anonymise, RetentionScope } from '../store/retention-store';
import type { Store } from '../store/store';

const REMOVED = '[removed]';

export interface RetentionReport {
  anonymised: number;
  deleted: number;
  feedbackDeleted: number;
  deliveriesDeleted: number;
  /** Audit events whose moderator note was removed. */
  notesRemoved: number;
  /** Reports and appeals of anonymised comments whose notes, legal explanations or statements were removed. */
  noticeTextsRemoved: number;
  /** Duplicate and flood history events older than every rule set's longest window. */
  historyEventsDeleted: number;
}

// Messages quote the comment between double quotes ('Contains the severe
// profanity "..." (matched "...")', 'the words that raised it most: "a", "b"').
// Everything from the first quote to the last goes, so a quote inside the
// quoted text cannot leave a fragment behind.
const QUOTED = /"[\s\S]*"/;

function scrubbedDecision(doc: Pick<CommentDoc, 'decision'>): CommentDoc['decision'] {
  return {
    ...doc.decision,
    reasons: doc.decision.reasons.map((r) => ({
      ...r,
      message: r.message.replace(QUOTED, `"${REMOVED}"`),
      evidence: {
        ...r.evidence,
        ...(r.evidence?.spans && { spans: r.evidence.spans.map((s) => ({ ...s, text: '', matched: undefined })) }),
        ...(r.evidence?.topFeatures && { topFeatures: r.evidence.topFeatures.map((f) => ({ ...f, feature: '' })) }),
      },
    })),
  };
}

/** What anonymising a comment sets and unsets: the reader's data goes, the decision's shape stays. */
const anonymise = (now: number): Anonymise => (doc) => ({
  $set: { name: REMOVED, text: REMOVED, decision: scrubbedDecision(doc), anonymisedAt: new Date(now) },
  $unset: { email: '', ip: '', userAgent: '' },
});

/** An edit event keeps both texts and both decisions: all of them go. */
const scrubEdit = (e: EditRecord): EditRecord => ({
  ...e, text: REMOVED, name: REMOVED, decision: scrubbedDecision(e),
  previous: { text: REMOVED, name: REMOVED, decision: scrubbedDecision(e.previous) },
});

export async function applyRetention(store: Store, book: RuleBook, now: number): Promise<RetentionReport> {
  const report: RetentionReport = { anonymised: 0, deleted: 0, feedbackDeleted: 0, deliveriesDeleted: 0, notesRemoved: 0, noticeTextsRemoved: 0, historyEventsDeleted: 0 };
  const ownSites = [...book.sites.keys()];
  const scopes: Array<{ scope: RetentionScope; rules: typeof book.defaultRules }> = [
    { scope: { sites: null, excludeSites: ownSites }, rules: book.defaultRules },
    ...ownSites.map((site) => ({ scope: { sites: [site], excludeSites: [] }, rules: book.sites.get(site)! })),
  ];
  const retention = store.retention;
  for (const { scope, rules } of scopes) {
    if (!rules.retention) continue;
    const cutoff = new Date(now - rules.retention.days * 86_400_000);
    report.feedbackDeleted += await retention.deleteExpired('feedback', scope, cutoff);
    report.deliveriesDeleted += await retention.deleteExpired('deliveries', scope, cutoff);
    report.notesRemoved += await retention.removeNotes(scope, cutoff, REMOVED);
    if (rules.retention.mode === 'delete') {
      report.deleted += await retention.deleteComments(scope, cutoff, async (doc) => { await store.notices.removeAllOf(doc._id); await store.presence.removeAllOf(doc._id); });
    } else {
      report.anonymised += await retention.anonymiseComments(scope, cutoff, anonymise(now), scrubEdit, async (doc) => {
        report.noticeTextsRemoved += await store.notices.removeFreeText(doc._id, REMOVED);
      });
    }
  }
  // History events matter only inside the longest window any rule set asks for (an hour by default).
  const longest = Math.max(book.defaultRules.historyWindowSeconds, ...[...book.sites.values()].map((r) => r.historyWindowSeconds));
  report.historyEventsDeleted = await store.history.purge(new Date(now - longest * 1000));
  return report;
}
