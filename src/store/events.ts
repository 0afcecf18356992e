// The moderation event log (event-model.ts): claiming a version with a
// unique _id, settling an event, and the reads of the detail view, repair and
// the feedback export.
import type { Connection, Model } from 'mongoose';
import { insertOnce } from './insert-once';
import type { CommentDoc } from './comment-model';
import type { ConditionalUpdate } from './conditional-update';
import type { EmbeddedIndex } from './embedded/index-client';
import { eventIdFor, eventModel, type EventState, type ModerationEventDoc } from './event-model';
import { readByIds } from './read-by-ids';

// Ids of every applied event in the export's range (the index answers ids only: a few MB for 100,000).
const MAX_EXPORTED = 1_000_000;

export class EventRepository {
  readonly model: Model<ModerationEventDoc>;

  constructor(conn: Connection, private readonly updateIf: ConditionalUpdate, private readonly index?: EmbeddedIndex) {
    this.model = eventModel(conn);
  }

  /** Stores the event; false when an event with its _id (the same comment version) exists already. */
  claim(event: ModerationEventDoc): Promise<boolean> {
    return insertOnce(this.model, event);
  }


  byId(id: string): Promise<ModerationEventDoc | null> {
    return this.model.findById(id).lean<ModerationEventDoc>().exec();
  }

  /** Marks an event applied (its comment shows its effect). */
  async markApplied(id: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { state: 'applied' } });
  }

  /** Settles a pending event as applied or void; does nothing to one settled already. */
  async settle(id: string, state: Exclude<EventState, 'pending'>): Promise<void> {
    await this.updateIf(this.model, id, { state: 'pending' }, { state });
  }

  /**
   * A comment's events in version order: the versions 2 to the comment's own,
   * plus a pending or void one that claimed the next (only events move a
   * comment's version), read by _id.
   */
  ofComment(doc: CommentDoc): Promise<ModerationEventDoc[]> {
    const ids = Array.from({ length: doc.version }, (_, k) => eventIdFor(doc._id, k + 2));
    return readByIds(this.index, this.model, ids);
  }

  /** Pending events at or before `before`, oldest first (repair). */
  async pending(before: Date, limit: number): Promise<ModerationEventDoc[]> {
    if (!this.index) return this.model.find({ state: 'pending', at: { $lte: before } }).sort({ at: 1 }).limit(limit).lean<ModerationEventDoc[]>();
    const ids = await this.index.eventsByState('pending', { before: new Date(before.getTime() + 1) }, limit);
    // One settled since the index was read is no longer pending.
    return (await readByIds(this.index, this.model, ids)).filter((d) => d.state === 'pending');
  }

  /** Applied events with `at` in [since, until), oldest first (the feedback export). */
  async applied(range: { since?: Date; until?: Date }): Promise<ModerationEventDoc[]> {
    if (this.index) return readByIds(this.index, this.model, await this.index.eventsByState('applied', { from: range.since, before: range.until }, MAX_EXPORTED));
    const at: Record<string, Date> = {};
    if (range.since) at.$gte = range.since;
    if (range.until) at.$lt = range.until;
    return this.model.find({ state: 'applied', ...(Object.keys(at).length && { at }) }).sort({ at: 1 }).lean<ModerationEventDoc[]>();
  }
}
