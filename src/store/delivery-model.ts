// Webhook deliveries: one document per (event, site), with its retry state and
// a short attempt log. The _id is derived from the event, so enqueueing twice
// stores one delivery. Workers claim each attempt with a lease in
// `delivery_claims` (delivery-claim-model.ts), so several instances can share
// the collection and a delivery is sent by one worker at a time.
import { Schema, type Connection, type Model } from 'mongoose';
import type { WebhookEventType } from './site-model';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttempt {
  at: Date;
  /** HTTP status, or null when no answer came (timeout, refused). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryDoc {
  _id: string;
  site: string;
  type: WebhookEventType;
  commentId: string;
  /** The JSON body, fixed at enqueue time so every retry sends the same event. */
  payload: Record<string, unknown>;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  /** The most recent attempts, newest last. */
  log: DeliveryAttempt[];
}

export const MAX_LOGGED_ATTEMPTS = 10;

const deliverySchema = new Schema<DeliveryDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    type: { type: String, required: true },
    commentId: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true, enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
    log: { type: Schema.Types.Mixed, default: [] },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

// The worker's due scan: pending deliveries by next attempt time.
deliverySchema.index({ state: 1, nextAttemptAt: 1 });
// The delivery log per site, newest first.
deliverySchema.index({ site: 1, createdAt: -1 });

export function deliveryModel(conn: Connection): Model<DeliveryDoc> {
  return (conn.models.WebhookDelivery as Model<DeliveryDoc> | undefined) ??
    conn.model<DeliveryDoc>('WebhookDelivery', deliverySchema, 'deliveries');
}
