// Inserting a document whose _id says what it is (a comment version's event,
// a delivery's attempt claim, an event's delivery): the unique _id index lets
// exactly one insert win, on MongoDB and on the embedded FerretDB alike.
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './comment-ids';

/** Inserts the document; false when one with its _id exists already. */
export async function insertOnce<T>(model: Model<T>, doc: T): Promise<boolean> {
  try {
    await model.collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
