// Comments created in a time range, a page at a time, oldest first (the
// transparency export). On the embedded database through its queue index,
// one status after another; on MongoDB through the createdAt index.
import { commentModel, type CommentDoc } from './comment-model';
import { readByIds } from './read-by-ids';
import type { Store } from './store';

const PAGE = 500;

export async function forEachCommentCreated(store: Store, range: { since: Date; until: Date }, use: (docs: CommentDoc[]) => Promise<void>): Promise<void> {
  const model = commentModel(store.conn);
  if (!store.index) {
    const cursor = model.find({ createdAt: { $gte: range.since, $lt: range.until } }).sort({ createdAt: 1, _id: 1 }).lean<CommentDoc[]>().cursor({ batchSize: PAGE });
    let batch: CommentDoc[] = [];
    for await (const doc of cursor) {
      batch.push(doc as CommentDoc);
      if (batch.length === PAGE) { await use(batch); batch = []; }
    }
    if (batch.length) await use(batch);
    return;
  }
  for (const status of ['hold', 'reject', 'approve'] as const) {
    // Strictly after (since - 1 ms, "~"): every comment created at `since` or later ("~" sorts after every id).
    let after = { createdAt: new Date(range.since.getTime() - 1), id: '~' };
    for (;;) {
      const ids = await store.index.queueIds({ sites: null, status, before: new Date(range.until.getTime() - 1), after, rule: null, limit: PAGE });
      if (ids.length === 0) break;
      const docs = await readByIds(store.index, model, ids);
      if (docs.length) await use(docs);
      const last = docs.at(-1);
      if (!last || ids.length < PAGE) break;
      after = { createdAt: new Date(last.createdAt), id: last._id };
    }
  }
}
