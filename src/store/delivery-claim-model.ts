// Claims on webhook delivery attempts. A worker owns attempt N of a delivery
// when it inserts the claim `${deliveryId}#${N}`: the unique _id makes exactly
// one insert succeed on MongoDB and on the embedded FerretDB alike. (A
// conditional findOneAndUpdate is not enough there: FerretDB v1's SQLite
// backend evaluates the filter and applies the update separately, so two
// concurrent claims can both match; see FerretDB issue #3040.) A claim whose
// worker died expires at leaseUntil; the next worker then takes the attempt
// with `${deliveryId}#${N}~1`, `~2`, and so on.
import { Schema, type Connection, type Model } from 'mongoose';

export interface DeliveryClaimDoc {
  _id: string;
  deliveryId: string;
  attempt: number;
  owner: string;
  leaseUntil: Date;
  claimedAt: Date;
}

export const claimIdFor = (deliveryId: string, attempt: number, takeover: number): string =>
  `${deliveryId}#${attempt}${takeover ? `~${takeover}` : ''}`;

const claimSchema = new Schema<DeliveryClaimDoc>(
  {
    _id: { type: String, required: true },
    deliveryId: { type: String, required: true },
    attempt: { type: Number, required: true },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    claimedAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw' },
);

export function deliveryClaimModel(conn: Connection): Model<DeliveryClaimDoc> {
  return (conn.models.WebhookDeliveryClaim as Model<DeliveryClaimDoc> | undefined) ??
    conn.model<DeliveryClaimDoc>('WebhookDeliveryClaim', claimSchema, 'delivery_claims');
}
