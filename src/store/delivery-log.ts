// A site's webhook deliveries, newest first (the admin's delivery log and
// `moderate sites deliveries`). On the embedded database the ids come from
// its index and each delivery is read by _id; on MongoDB it is one indexed query.
import { deliveryModel, type DeliveryDoc } from './delivery-model';
import { readByIds } from './read-by-ids';
import type { Store } from './store';

export async function deliveryLog(store: Store, site: string, state: string | undefined, limit: number): Promise<DeliveryDoc[]> {
  const deliveries = deliveryModel(store.conn);
  if (!store.index) {
    return deliveries.find({ site, ...(state && { state }) }).sort({ createdAt: -1 }).limit(limit).lean<DeliveryDoc[]>();
  }
  const ids = await store.index.deliveryLog(site, state, limit);
  // One whose state changed since the index was read is left out, as the query would leave it out now.
  return (await readByIds(store, deliveries, ids)).filter((d) => state === undefined || d.state === state);
}
