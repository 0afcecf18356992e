// Documents by _id, in the order of the ids, for the embedded database's index
// answers (ids only): each read is an _id lookup, the one filter FerretDB v1
// answers from an index. A bounded number run at once, so a long list neither
// floods the connection pool nor holds every promise in memory.
import type { Model } from 'mongoose';

const AT_ONCE = 16;

/** The documents that still exist, in the ids' order. */
export async function readByIds<T>(model: Model<T>, ids: readonly string[]): Promise<T[]> {
  const found: Array<T | null> = new Array(ids.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      found[i] = (await model.findById(ids[i]).lean().exec()) as T | null;
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, ids.length) }, worker));
  return found.filter((d): d is T => d !== null);
}
