// The retention job's writes (service/retention.ts decides what is old and
// what an anonymised comment keeps). On MongoDB each is an indexed query and
// one multi-document write; on the embedded database the documents are found
// through its index and changed one by one by _id, as FerretDB would decode
// every stored document for any other filter.
import type { Connection, Model } from 'mongoose';
import { commentModel, type CommentDoc } from './comment-model';
import { deliveryModel } from './delivery-model';
import type { EmbeddedIndex } from './embedded/index-client';
import { eventIdFor, eventModel, type EditRecord, type ModerationEventDoc } from './event-model';
import { feedbackModel } from './feedback-model';

/** Which sites a retention rule covers: some sites, or every site but some. */
export interface RetentionScope {
  sites: string[] | null;
  excludeSites: string[];
}

/** What anonymising sets and unsets on one comment. */
export type Anonymise = (doc: CommentDoc) => { $set: Record<string, unknown>; $unset: Record<string, ''> };

/** What else goes with one comment (its reports and appeals): run before the comment is changed. */
export type RelatedData = (doc: CommentDoc) => Promise<unknown>;
const noRelatedData: RelatedData = async () => undefined;

const BATCH = 500;

/**
 * Hands the ids `find` answers to `handle`, a batch at a time, until none are
 * left. Each handled document stops matching (deleted, anonymised, its note
 * removed), so the next read finds the next batch; a batch that changes
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

const siteFilter = (s: RetentionScope) => (s.sites ? { site: { $in: s.sites } } : { site: { $nin: s.excludeSites } });

export class RetentionStore {
  private readonly comments: Model<CommentDoc>;
  private readonly events: Model<ModerationEventDoc>;
  private readonly others: Record<'deliveries' | 'feedback', Model<{ _id: string }>>;

  constructor(conn: Connection, private readonly index?: EmbeddedIndex) {
    this.comments = commentModel(conn);
    this.events = eventModel(conn);
    this.others = { deliveries: deliveryModel(conn) as never, feedback: feedbackModel(conn) as never };
  }

  /** Deletes the deliveries or feedback created before the cutoff; answers how many. */
  async deleteExpired(collection: 'deliveries' | 'feedback', scope: RetentionScope, cutoff: Date): Promise<number> {
    const model = this.others[collection];
    if (!this.index) return (await model.deleteMany({ ...siteFilter(scope), createdAt: { $lt: cutoff } })).deletedCount;
    const index = this.index;
    return inBatches(() => index.expired({ collection, before: cutoff, ...scope, limit: BATCH }), async (id) => (await model.deleteOne({ _id: id })).deletedCount > 0);
  }

  /** Replaces the moderator's note of events before the cutoff with `removed`; answers how many. */
  async removeNotes(scope: RetentionScope, cutoff: Date, removed: string): Promise<number> {
    if (!this.index) {
      return (await this.events.updateMany({ ...siteFilter(scope), at: { $lt: cutoff }, note: { $nin: [null, removed] } }, { $set: { note: removed } })).modifiedCount;
    }
    const index = this.index;
    return inBatches(() => index.notesToRemove(cutoff, scope.sites, scope.excludeSites, BATCH), async (id) => (await this.events.updateOne({ _id: id }, { $set: { note: removed } })).modifiedCount > 0);
  }

  /**
   * The edit events of an edited comment (versions 2 to its own, read by _id),
   * each given to `change`: they hold the texts the comment had.
   */
  private async editsOf(doc: CommentDoc, change: (event: ModerationEventDoc) => Promise<void>): Promise<void> {
    if (!doc.editedAt) return;
    for (let v = 2; v <= doc.version; v++) {
      const event = await this.events.findById(eventIdFor(doc._id, v)).lean<ModerationEventDoc>();
      if (event?.edit) await change(event);
    }
  }

  private readonly dropEdit = async (e: ModerationEventDoc) => { await this.events.deleteOne({ _id: e._id }); };

  /**
   * Deletes the comments created before the cutoff, the texts their edits
   * kept, and what `related` removes of each (its reports and appeals) before
   * the comment itself, so a run cut short leaves nothing behind that the next
   * run cannot find; answers how many.
   */
  async deleteComments(scope: RetentionScope, cutoff: Date, related: RelatedData = noRelatedData): Promise<number> {
    const drop = async (doc: CommentDoc) => {
      await this.editsOf(doc, this.dropEdit);
      await related(doc);
    };
    if (!this.index) {
      const expired = this.comments.find({ ...siteFilter(scope), createdAt: { $lt: cutoff } }, { _id: 1, site: 1, editedAt: 1, version: 1 }).lean<CommentDoc[]>().cursor({ batchSize: BATCH });
      for await (const doc of expired) await drop(doc);
      return (await this.comments.deleteMany({ ...siteFilter(scope), createdAt: { $lt: cutoff } })).deletedCount;
    }
    const index = this.index;
    return inBatches(() => index.expired({ collection: 'comments', before: cutoff, ...scope, limit: BATCH }), async (id) => {
      const doc = await this.comments.findById(id).lean<CommentDoc>();
      if (doc) await drop(doc);
      return (await this.comments.deleteOne({ _id: id })).deletedCount > 0;
    });
  }

  /** Anonymises the comments created before the cutoff and not anonymised yet, with their edits and `related` data first; answers how many. */
  async anonymiseComments(
    scope: RetentionScope, cutoff: Date, anonymise: Anonymise,
    scrubEdit: (edit: EditRecord) => EditRecord = (e) => e, related: RelatedData = noRelatedData,
  ): Promise<number> {
    const write = async (doc: CommentDoc) => {
      await this.editsOf(doc, async (e) => { await this.events.collection.updateOne({ _id: e._id as never }, { $set: { edit: scrubEdit(e.edit!) } }); });
      await related(doc);
      await this.comments.collection.updateOne({ _id: doc._id as never }, anonymise(doc));
    };
    if (!this.index) {
      let n = 0;
      const cursor = this.comments.find({ ...siteFilter(scope), createdAt: { $lt: cutoff }, anonymisedAt: { $exists: false } }).lean<CommentDoc[]>().cursor({ batchSize: BATCH });
      for await (const doc of cursor) {
        await write(doc);
        n += 1;
      }
      return n;
    }
    const index = this.index;
    return inBatches(() => index.expired({ collection: 'comments', before: cutoff, ...scope, notAnonymised: true, limit: BATCH }), async (id) => {
      const doc = await this.comments.findById(id).lean<CommentDoc>();
      if (!doc || doc.anonymisedAt) return false;
      await write(doc);
      return true;
    });
  }
}
