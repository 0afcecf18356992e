// Retention: comments older than their site's retention period lose their
// personal data (anonymise) or are deleted, as the rule file says. Decisions
// and audit events keep their shape: reasons keep their rule ids, actions,
// scores and span offsets, but not what they quoted of the comment (span
// text, the words a classifier names, the quoted part of a message). Webhook
// deliveries of that age are deleted: they are a send log, and their bodies
// carry the reason messages. Audit events stay, with who did what and when,
// but a moderator's free-text note goes once the event is that old: notes
// quote comments and name people. An explicit job, because FerretDB has no TTL
// indexes and anonymising is not a deletion anyway. On the embedded database
// the documents are found through its index and changed one by one by _id:
// FerretDB would decode every stored document for each filter.
import type { Model } from 'mongoose';
import type { RuleBook } from '../ruleset/loader';
import { commentModel, type CommentDoc } from '../store/comment-model';
import { deliveryModel } from '../store/delivery-model';
import type { EmbeddedIndex } from '../store/embedded/index-client';
import { eventModel } from '../store/event-model';
import { feedbackModel } from '../store/feedback-model';
import type { Store } from '../store/store';

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

/** Which sites a retention rule covers: one site, or every site without its own rule file. */
interface Scope {
  sites: string[] | null;
  excludeSites: string[];
}

const BATCH = 500;

/**
 * Hands the ids the index finds to `handle`, a batch at a time, until none
 * are left. Each handled document stops matching (deleted, anonymised, its
 * note removed), so the next read finds the next batch; a batch that changes
 * nothing ends the run rather than loop.
 */
async function inBatches(find: () => Promise<string[]>, handle: (id: string) => Promise<boolean>): Promise<number> {
  let done = 0;
  for (;;) {
    const ids = await find();
    let changed = 0;
    for (const id of ids) if (await handle(id)) changed += 1;
    done += changed;
    if (ids.length < BATCH || changed === 0) return done;
  }
}

async function anonymise(comments: Model<CommentDoc>, doc: CommentDoc, now: number): Promise<void> {
  await comments.collection.updateOne(
    { _id: doc._id as never },
    {
      $set: { name: REMOVED, text: REMOVED, decision: scrubbedDecision(doc), anonymisedAt: new Date(now) },
      $unset: { email: '', ip: '', userAgent: '' },
    },
  );
}

/** On the embedded database: every document found through its index, then changed by _id. */
async function retainThroughIndex(store: Store, index: EmbeddedIndex, scope: Scope, cutoff: Date, mode: 'anonymise' | 'delete', now: number, report: RetentionReport): Promise<void> {
  const comments = commentModel(store.conn);
  const expired = (collection: 'comments' | 'deliveries' | 'feedback', notAnonymised = false) => () =>
    index.expired({ collection, before: cutoff, ...scope, notAnonymised, limit: BATCH });
  const deleteFrom = (model: Model<{ _id: string }>) => async (id: string) => (await model.deleteOne({ _id: id })).deletedCount > 0;
  report.feedbackDeleted += await inBatches(expired('feedback'), deleteFrom(feedbackModel(store.conn) as never));
  report.deliveriesDeleted += await inBatches(expired('deliveries'), deleteFrom(deliveryModel(store.conn) as never));
  const events = eventModel(store.conn);
  report.notesRemoved += await inBatches(
    () => index.notesToRemove(cutoff, scope.sites, scope.excludeSites, BATCH),
    async (id) => (await events.updateOne({ _id: id }, { $set: { note: REMOVED } })).modifiedCount > 0,
  );
  if (mode === 'delete') {
    report.deleted += await inBatches(expired('comments'), deleteFrom(comments as never));
    return;
  }
  report.anonymised += await inBatches(expired('comments', true), async (id) => {
    const doc = await comments.findById(id).lean<CommentDoc>();
    if (!doc || doc.anonymisedAt) return false;
    await anonymise(comments, doc, now);
    return true;
  });
}

/** On MongoDB: the same, as indexed queries and multi-document updates. */
async function retainThroughQueries(store: Store, scope: Scope, cutoff: Date, mode: 'anonymise' | 'delete', now: number, report: RetentionReport): Promise<void> {
  const comments = commentModel(store.conn);
  const filter = scope.sites ? { site: { $in: scope.sites } } : { site: { $nin: scope.excludeSites } };
  const old = { ...filter, createdAt: { $lt: cutoff } };
  report.feedbackDeleted += (await feedbackModel(store.conn).deleteMany(old)).deletedCount;
  report.deliveriesDeleted += (await deliveryModel(store.conn).deleteMany(old)).deletedCount;
  const oldNotes = { ...filter, at: { $lt: cutoff }, note: { $nin: [null, REMOVED] } };
  report.notesRemoved += (await eventModel(store.conn).updateMany(oldNotes, { $set: { note: REMOVED } })).modifiedCount;
  if (mode === 'delete') {
    report.deleted += (await comments.deleteMany(old)).deletedCount;
    return;
  }
  const cursor = comments.find({ ...old, anonymisedAt: { $exists: false } }).lean<CommentDoc[]>().cursor({ batchSize: BATCH });
  for await (const doc of cursor) {
    await anonymise(comments, doc, now);
    report.anonymised += 1;
  }
}

export async function applyRetention(store: Store, book: RuleBook, now: number): Promise<RetentionReport> {
  const report: RetentionReport = { anonymised: 0, deleted: 0, feedbackDeleted: 0, deliveriesDeleted: 0, notesRemoved: 0 };
  const ownSites = [...book.sites.keys()];
  const scopes = [
    { scope: { sites: null, excludeSites: ownSites }, rules: book.defaultRules },
    ...ownSites.map((site) => ({ scope: { sites: [site], excludeSites: [] }, rules: book.sites.get(site)! })),
  ];
  for (const { scope, rules } of scopes) {
    if (!rules.retention) continue;
    const cutoff = new Date(now - rules.retention.days * 86_400_000);
    if (store.index) await retainThroughIndex(store, store.index, scope, cutoff, rules.retention.mode, now, report);
    else await retainThroughQueries(store, scope, cutoff, rules.retention.mode, now, report);
  }
  return report;
}
