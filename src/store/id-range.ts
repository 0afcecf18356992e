// The documents of one `_id` range, greatest _id first: the embedded index's
// idRanges (FerretDB v1 would scan the collection for a range filter), or on
// MongoDB a `{_id: {$gte, $lt}}` query on the _id index.
import type { Model } from 'mongoose';
import type { EmbeddedIndex } from './embedded/index-client';

export async function latestInRange<T>(index: EmbeddedIndex | undefined, model: Model<T>, range: { from: string; to: string }, limit: number): Promise<T[]> {
  if (index) return (await index.idRanges(model.collection.collectionName, [range], limit)) as unknown as T[];
  return model.find({ _id: { $gte: range.from, $lt: range.to } } as never).sort({ _id: -1 }).limit(limit).lean<T[]>().exec();
}

/** Every _id that starts with `prefix` (which ends with the separator `|`): `~` sorts after the letters, digits and `|` ids hold. */
export const prefixRange = (prefix: string, from = '') => ({ from: `${prefix}${from}`, to: `${prefix}~` });

/** Times as 12 hex digits, so an _id's order is its time order (until the year 10889). */
export const timeKey = (ms: number) => Math.max(0, ms).toString(16).padStart(12, '0');
