// Duplicate, campaign and flood history in the database, shared by every
// service instance: one small append-only document per comment and history
// key (author, email, IP, text), whose _id is the key, the time and the
// comment (`<key>|<time>|<comment>`), so a key's recent events are one
// range of _id. A comment writes its 2-4 events in one insert and reads each
// key's latest events in one range query: the cost does not grow with the
// history (it used to push onto one document per key holding up to 200
// events, which FerretDB read and rewrote whole on every comment).
//
// Events are written before they are read, so two comments racing on a key
// never both miss each other: whichever reads last sees the other. Within an
// instance the keys of one comment are worked one comment at a time
// (KeyedQueue), so exactly the later of two simultaneous copies sees the
// earlier, as when history was an atomic push; across instances on MongoDB a
// tight race can flag both, never neither.
//
// Old events are deleted by the retention job (purge) once they left every
// rule set's longest window; FerretDB has no TTL indexes.
import type { Connection, Model, PipelineStage } from 'mongoose';
import { Schema } from 'mongoose';
import type { PreparedComment } from '../moderation/engine';
import { hash16 } from '../moderation/fingerprint';
import { eventFor, historyKeys, relevantEvents, type HistoryStore } from '../moderation/history-keys';
import type { HistoryEvent, HistorySnapshot } from '../moderation/types';
import type { BackendKind } from './backend';
import type { EmbeddedIndex } from './embedded/index-client';
import { GroupInsert } from './group-insert';
import { KeyedQueue } from './keyed-queue';

export const HISTORY_COLLECTION = 'history_events';

/** A key's latest events read per comment: floods count at most this many. */
const EVENTS_PER_KEY = 200;

interface HistoryEventDoc {
  _id: string;
  createdAt: Date;
  /** Text hash, author hash, comment id. */
  h: string;
  a: string;
  c: string;
}

const historySchema = new Schema<HistoryEventDoc>(
  {
    _id: { type: String, required: true },
    createdAt: { type: Date, required: true },
    h: { type: String, required: true },
    a: { type: String, required: true },
    c: { type: String, required: true },
  },
  { versionKey: false, strict: 'throw' },
);
// Purging the events that left every window.
historySchema.index({ createdAt: 1 });

export function historyEventModel(conn: Connection): Model<HistoryEventDoc> {
  return (conn.models.HistoryEvent as Model<HistoryEventDoc> | undefined) ?? conn.model<HistoryEventDoc>('HistoryEvent', historySchema, HISTORY_COLLECTION);
}

/** A key's prefix of _id: letters and digits only, whatever the site's name holds. */
const prefixOf = (keyId: string) => hash16(keyId);
/** Times as 12 hex digits, so the _id's order is the events' time order (until the year 10889). */
const timeOf = (ms: number) => Math.max(0, ms).toString(16).padStart(12, '0');

/** The _id range of a key's events at or after `since`. */
export const rangeOf = (keyId: string, since: number) => ({ from: `${prefixOf(keyId)}|${timeOf(since)}`, to: `${prefixOf(keyId)}|~` });

const toEvent = (d: HistoryEventDoc): HistoryEvent => ({ at: new Date(d.createdAt).getTime(), textHash: d.h, authorHash: d.a, commentId: d.c });

export class MongoHistoryStore implements HistoryStore {
  private readonly queue = new KeyedQueue();
  readonly model: Model<HistoryEventDoc>;
  /** Events of concurrent comments share one insert (group-insert.ts). */
  private readonly inserts: GroupInsert<HistoryEventDoc>;

  constructor(conn: Connection, private readonly kind: BackendKind, private readonly index?: EmbeddedIndex) {
    this.model = historyEventModel(conn);
    this.inserts = new GroupInsert(this.model, 400);
  }

  async recordAndFetch(prepared: PreparedComment, commentId: string, now: number, windowSeconds: number): Promise<HistorySnapshot> {
    const keys = historyKeys(prepared);
    const event = eventFor(prepared, commentId, now);
    const docs: HistoryEventDoc[] = keys.map((k) => ({ _id: `${prefixOf(k.id)}|${timeOf(now)}|${commentId}`, createdAt: new Date(now), h: event.textHash, a: event.authorHash, c: commentId }));
    const since = now - windowSeconds * 1000;
    const found = await this.queue.runAll(keys.map((k) => k.id), async () => {
      await this.insert(docs);
      return this.latest(keys.map((k) => rangeOf(k.id, since)));
    });
    const snapshot: HistorySnapshot = { byAuthor: [], byEmail: [], byIp: [], byText: [] };
    for (const key of keys) {
      const prefix = `${prefixOf(key.id)}|`;
      const events = found.filter((d) => d._id.startsWith(prefix)).map(toEvent);
      snapshot[key.kind] = relevantEvents(events, commentId, now, windowSeconds);
    }
    return snapshot;
  }

  /**
   * Stores the events; one already there (a retried submission of the same
   * externalId in the same millisecond) is left as it is.
   */
  private async insert(docs: HistoryEventDoc[]): Promise<void> {
    await this.inserts.insertAll(docs);
  }

  /** The latest events of each range, greatest _id first. */
  private async latest(ranges: Array<{ from: string; to: string }>): Promise<HistoryEventDoc[]> {
    if (this.index) return (await this.index.idRanges(HISTORY_COLLECTION, ranges, EVENTS_PER_KEY)) as unknown as HistoryEventDoc[];
    if (this.kind === 'mongodb') {
      // One round trip for every key, as on the embedded database: each range
      // an index seek of its own, joined with $unionWith (MongoDB 4.4+).
      const seek = (r: { from: string; to: string }): PipelineStage.FacetPipelineStage[] => [{ $match: { _id: { $gte: r.from, $lt: r.to } } }, { $sort: { _id: -1 } }, { $limit: EVENTS_PER_KEY }];
      const [first, ...rest] = ranges;
      if (!first) return [];
      return this.model.aggregate<HistoryEventDoc>([...seek(first), ...rest.map((r) => ({ $unionWith: { coll: HISTORY_COLLECTION, pipeline: seek(r) } }))]);
    }
    // A command on a running embedded database without its index (FerretDB v1 has no $unionWith).
    const lists = await Promise.all(ranges.map((r) => this.model.find({ _id: { $gte: r.from, $lt: r.to } }).sort({ _id: -1 }).limit(EVENTS_PER_KEY).lean<HistoryEventDoc[]>()));
    return lists.flat();
  }

  /** Deletes the events created before `before` (they left every window); answers how many. */
  async purge(before: Date): Promise<number> {
    if (!this.index) return (await this.model.deleteMany({ createdAt: { $lt: before } })).deletedCount;
    let deleted = 0;
    for (;;) {
      const ids = await this.index.expired({ collection: HISTORY_COLLECTION, before, sites: null, excludeSites: [], limit: 500 });
      for (const id of ids) deleted += (await this.model.deleteOne({ _id: id })).deletedCount;
      if (ids.length < 500) return deleted;
    }
  }
}
