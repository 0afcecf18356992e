// "Set these fields on document <id> if it still has those values": the one
// conditional write the moderation flow needs (a comment's version, an audit
// event's state).
//
// On MongoDB it is findOneAndUpdate({ _id, ...expect }): atomic, and an _id
// index lookup. FerretDB v1 pushes a filter down to SQLite only when it is a
// lone `_id` equality; any other filter decodes every document of the
// collection (a moderator's action timed out at 7,600 stored comments), and
// its filtered update is a separate read and write anyway, not atomic. There
// the store reads by _id, compares in code and writes by _id, one at a time
// per document within this process (KeyedQueue), which is atomic for the
// single service instance the embedded database serves.
import type { Model } from 'mongoose';
import type { BackendKind } from './backend';
import { KeyedQueue } from './keyed-queue';

export type ConditionalUpdate = <T>(model: Model<T>, id: string, expect: Record<string, unknown>, set: Record<string, unknown>) => Promise<T | null>;

function matches(doc: Record<string, unknown>, expect: Record<string, unknown>): boolean {
  for (const [field, value] of Object.entries(expect)) if (doc[field] !== value) return false;
  return true;
}

/** Answers the document after the update, or null when it is gone or no longer has the expected values. */
export function conditionalUpdate(kind: BackendKind): ConditionalUpdate {
  if (kind === 'mongodb') {
    return (model, id, expect, set) =>
      model.findOneAndUpdate({ _id: id, ...expect } as never, { $set: set } as never, { returnDocument: 'after' }).lean().exec() as never;
  }
  const queue = new KeyedQueue();
  return (model, id, expect, set) =>
    queue.run(`${model.collection.collectionName}|${id}`, async () => {
      const current = await model.findById(id).lean<Record<string, unknown>>();
      if (!current || !matches(current, expect)) return null;
      // Nothing else writes the document between the read and this write (the queue): what it becomes is known.
      const written = await model.updateOne({ _id: id } as never, { $set: set } as never).exec();
      return written.matchedCount === 1 ? ({ ...current, ...set } as never) : null;
    });
}
