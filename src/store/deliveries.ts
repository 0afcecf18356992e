// Webhook deliveries and the claims on their attempts (delivery-model.ts,
// delivery-claim-model.ts): enqueueing, the worker's due scan, claims by
// unique _id, recording an attempt, and a site's log.
import type { Connection, Model } from 'mongoose';
import { insertOnce } from './insert-once';
import { deliveryClaimModel, type DeliveryClaimDoc } from './delivery-claim-model';
import { deliveryModel, type DeliveryDoc } from './delivery-model';
import type { DueDelivery, EmbeddedIndex } from './embedded/index-client';
import { readByIds } from './read-by-ids';

export class DeliveryRepository {
  readonly model: Model<DeliveryDoc>;
  private readonly claims: Model<DeliveryClaimDoc>;

  constructor(conn: Connection, private readonly index?: EmbeddedIndex) {
    this.model = deliveryModel(conn);
    this.claims = deliveryClaimModel(conn);
  }

  /** Stores a delivery unless it exists already (the same event enqueued twice): true when stored. */
  enqueue(doc: DeliveryDoc): Promise<boolean> {
    return insertOnce(this.model, doc);
  }


  byId(id: string): Promise<DeliveryDoc | null> {
    return this.model.findById(id).lean<DeliveryDoc>().exec();
  }

  /** Pending deliveries whose next attempt is at or before `now`, earliest first. */
  due(now: Date, limit: number): Promise<DueDelivery[]> {
    if (this.index) return this.index.dueDeliveries(now, limit);
    return this.model
      .find({ state: 'pending', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .select({ _id: 1, attempts: 1 })
      .lean<DueDelivery[]>()
      .exec();
  }

  /** Writes an attempt's outcome (only the holder of its claim writes it, and only absolute values). */
  async recordAttempt(id: string, set: Partial<DeliveryDoc>): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: set });
  }

  /** A site's deliveries, newest first, in one state when given. */
  async log(site: string, state: string | undefined, limit: number): Promise<DeliveryDoc[]> {
    if (!this.index) return this.model.find({ site, ...(state && { state }) }).sort({ createdAt: -1 }).limit(limit).lean<DeliveryDoc[]>();
    const ids = await this.index.deliveryLog(site, state, limit);
    // One whose state changed since the index was read is left out, as the query would leave it out now.
    return (await readByIds(this.index, this.model, ids)).filter((d) => state === undefined || d.state === state);
  }

  claimById(id: string): Promise<DeliveryClaimDoc | null> {
    return this.claims.findById(id).lean<DeliveryClaimDoc>().exec();
  }

  /** Takes a claim; false when another worker holds that claim id. */
  claim(doc: DeliveryClaimDoc): Promise<boolean> {
    return insertOnce(this.claims, doc);
  }


  /** Drops claims, by _id one at a time: FerretDB answers an $in filter by scanning every claim. */
  async release(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.claims.deleteOne({ _id: id })));
  }
}
