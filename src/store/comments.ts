// Every read and write of the `comments` collection. Where the two databases
// differ (the embedded FerretDB answers only lone `_id` filters from an
// index), the method says so and the difference stays here.
import type { Model } from 'mongoose';
import type { Action } from '../moderation/types';
import { withinLimits } from '../moderation/evidence-caps';
import { GroupInsert } from './group-insert';
import { commentModel, type CommentDoc, type LastAction } from './comment-model';
import type { ConditionalUpdate } from './conditional-update';
import type { EditRecord } from './event-model';
import type { EmbeddedIndex, QueueIdsQuery, StatusCount } from './embedded/index-client';
import { readByIds } from './read-by-ids';
import type { Connection } from 'mongoose';

export interface QueueFilter {
  /** Only these sites; null for every site. */
  sites: readonly string[] | null;
  status: Action;
  /** Only comments created at or before this time (the settle horizon). */
  before: Date;
  /** Only comments strictly after this (createdAt, _id) position. */
  after: { createdAt: Date; id: string } | null;
  check?: string;
  rule?: string;
  /** The most comments a page serves: the source may hold one more, to say whether more are waiting. */
  limit: number;
}

/** A queue page's comments in (createdAt, _id) order, read as they are consumed. */
export interface QueueSource {
  docs: AsyncIterable<CommentDoc>;
  /** The index found more comments than the page holds (even if some were moderated since). */
  more: boolean;
  close(): Promise<void>;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function rulesFilter(check: string | undefined, rule: string | undefined): Record<string, unknown> {
  if (check && rule) return { rules: `${check}:${rule}` };
  if (check) return { rules: { $regex: `^${escapeRegex(check)}:` } };
  if (rule) return { rules: { $regex: `:${escapeRegex(rule)}$` } };
  return {};
}

/** The same rules filter for the embedded index. */
function indexRule(check: string | undefined, rule: string | undefined): QueueIdsQuery['rule'] {
  if (check && rule) return { exact: `${check}:${rule}` };
  if (check) return { prefix: `${check}:` };
  if (rule) return { suffix: `:${rule}` };
  return null;
}

/** How many comments are read at a time for a page. */
const READ_CHUNK = 10;

export class CommentRepository {
  readonly model: Model<CommentDoc>;
  /** New comments of concurrent requests share one insert (group-insert.ts). */
  private readonly inserts: GroupInsert<CommentDoc>;

  constructor(conn: Connection, private readonly updateIf: ConditionalUpdate, private readonly index?: EmbeddedIndex) {
    this.model = commentModel(conn);
    this.inserts = new GroupInsert(this.model);
  }

  byId(id: string): Promise<CommentDoc | null> {
    return this.model.findById(id).lean<CommentDoc>().exec();
  }

  /** Stores a new comment; a comment with the same id already stored is answered instead (false: not created). */
  async insertNew(doc: CommentDoc): Promise<{ created: true } | { created: false; existing: CommentDoc | null }> {
    if (await this.inserts.insert(doc)) return { created: true };
    return { created: false, existing: await this.byId(doc._id) };
  }

  /** Moves a comment from `expectedVersion` to a new status and version; null when it is gone or elsewhere. */
  setStatusIf(id: string, expectedVersion: number, status: Action, version: number, lastAction: LastAction): Promise<CommentDoc | null> {
    return this.updateIf(this.model, id, { version: expectedVersion }, { status, version, lastAction });
  }

  /**
   * Puts an edit's text and decision on the comment at `expectedVersion`,
   * moving it to the edit event's version; a moderator's earlier action no
   * longer stands for the new text, so lastAction is cleared.
   */
  applyEditIf(id: string, expectedVersion: number, version: number, edit: EditRecord): Promise<CommentDoc | null> {
    return this.updateIf(this.model, id, { version: expectedVersion }, {
      text: edit.text, name: edit.name, textHash: edit.textHash, decision: edit.decision, status: edit.decision.action,
      rules: edit.rules, editedAt: edit.editedAt, version, lastAction: null,
    });
  }

  /**
   * The comments of a queue page. On the embedded database the index finds
   * their ids and the documents are read a few at a time (one at a time after
   * a comment stored with unbounded evidence, a few hundred KB to parse, so
   * other requests get the service in between); on MongoDB, an indexed query
   * read in small batches, so a page cut short by its byte bound reads no further.
   */
  async queue(f: QueueFilter): Promise<QueueSource> {
    if (this.index) {
      const ids = await this.index.queueIds({ sites: f.sites, status: f.status, before: f.before, after: f.after, rule: indexRule(f.check, f.rule), limit: f.limit + 1 });
      return { docs: this.inChunks(ids, f.status), more: ids.length > f.limit, close: async () => {} };
    }
    const filter = {
      ...(f.sites && { site: { $in: f.sites } }),
      status: f.status,
      ...rulesFilter(f.check, f.rule),
      $and: [
        { createdAt: { $lte: f.before } },
        ...(f.after ? [{ $or: [{ createdAt: { $gt: f.after.createdAt } }, { createdAt: f.after.createdAt, _id: { $gt: f.after.id } }] }] : []),
      ],
    };
    // Same order as the indexes {site, status, createdAt, _id} and {status, createdAt, _id}.
    const cursor = this.model.find(filter).sort({ createdAt: 1, _id: 1 }).limit(f.limit + 1).batchSize(20).lean<CommentDoc>().cursor();
    return { docs: cursor, more: false, close: () => cursor.close() };
  }

  /** The comments behind the index's ids, in order; one moderated since the index was read is left out. */
  private async *inChunks(ids: readonly string[], status: Action): AsyncGenerator<CommentDoc> {
    let width = READ_CHUNK;
    for (let i = 0; i < ids.length; i += width) {
      const docs = await readByIds(this.index, this.model, ids.slice(i, i + width));
      if (docs.some((d) => !withinLimits(d.decision?.reasons ?? []))) width = 1;
      for (const d of docs) if (d.status === status) yield d;
    }
  }

  /** Comments per (site, status), every site: the embedded database keeps them counted; MongoDB aggregates. */
  async countsBySiteStatus(): Promise<StatusCount[]> {
    if (this.index) return this.index.statusCounts(null);
    const groups = await this.model.aggregate<{ _id: { site: string; status: string }; n: number }>([{ $group: { _id: { site: '$site', status: '$status' }, n: { $sum: 1 } } }]);
    return groups.map((g) => ({ site: g._id.site, status: g._id.status, n: g.n }));
  }
}
