// Documents by _id, in the order of the ids (the embedded index answers ids).
// On the embedded database they come from its index in one request, up to a
// thousand at a time, read straight from SQLite; elsewhere each is an _id
// lookup, a bounded number at once, so a long list neither floods the
// connection pool nor holds every promise in memory.
import type { Model } from 'mongoose';
import type { EmbeddedIndex } from './embedded/index-client';

const AT_ONCE = 16;
const PER_INDEX_READ = 1000;

/** The documents that still exist, in the ids' order. */
export async function readByIds<T>(index: EmbeddedIndex | undefined, model: Model<T>, ids: readonly string[]): Promise<T[]> {
  const found: Array<T | null> = new Array(ids.length).fill(null);
  if (index) {
    const at = new Map(ids.map((id, i) => [id, i]));
    for (let from = 0; from < ids.length; from += PER_INDEX_READ) {
      const docs = await index.documents(model.collection.collectionName, ids.slice(from, from + PER_INDEX_READ));
      for (const doc of docs) found[at.get(doc._id as string)!] = doc as T;
    }
  } else {
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        found[i] = (await model.findById(ids[i]).lean().exec()) as T | null;
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, ids.length) }, worker));
  }
  return found.filter((d): d is T => d !== null);
}
