// The indexes the service relies on, made at start-up (autoIndex is off, so an
// index build never happens behind a request's back).
//
// On MongoDB: every index each model declares. On the embedded FerretDB v1,
// none of them: it answers only a lone `_id` filter from an index and builds
// the declared ones as SQLite indexes it never reads, which every insert and
// update would still pay for. Its reads go through the SQLite indexes the
// embedded database keeps itself (tools/embedded-db/indexes.go), so the
// declared ones are dropped where an older version made them.
import type { Model } from 'mongoose';
import { commentModel } from './comment-model';
import { deliveryModel } from './delivery-model';
import { eventModel } from './event-model';
import { feedbackModel } from './feedback-model';
import { historyEventModel } from './history-store';
import { moderatorKeyModel } from './moderator-key-model';
import { appealModel, noticeQueueModel, reporterModel, reportModel } from './notice-models';
import type { Store } from './store';
import { authorCommentModel, authorPolicyModel } from './author-model';
import { articlePolicyModel } from './article-model';
import { presenceModel } from './presence';

const models = (store: Store): Array<Model<never>> =>
  [commentModel, feedbackModel, historyEventModel, eventModel, deliveryModel, moderatorKeyModel, reportModel, reporterModel, appealModel, noticeQueueModel, authorPolicyModel, authorCommentModel, articlePolicyModel, presenceModel].map((m) => m(store.conn) as unknown as Model<never>);

export async function ensureIndexes(store: Store): Promise<void> {
  for (const model of models(store)) {
    if (store.kind === 'mongodb') {
      await model.createIndexes();
      continue;
    }
    // Created now rather than on a first write, so the embedded database
    // indexes every table at start-up instead of after a request found it bare.
    await model.createCollection();
    const existing = await model.collection.listIndexes().toArray();
    for (const ix of existing) if (ix.name !== '_id_') await model.collection.dropIndex(ix.name as string);
  }
}
