// Per-site settings managed with `moderate sites`: today the webhook (URL,
// signing secret, events). _id is the site name, so every read is an _id lookup.
import { Schema, type Connection, type Model } from 'mongoose';

export const WEBHOOK_EVENTS = ['comment.decided', 'comment.moderated', 'comment.edited', 'appeal.decided', 'reports.closed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface SiteWebhook {
  url: string;
  /** HMAC-SHA256 key; kept in clear because the service must sign with it. */
  secret: string;
  events: WebhookEventType[];
}

export interface SiteDoc {
  _id: string;
  webhook: SiteWebhook | null;
  /** Hold every new comment for a moderator (moderators away). */
  holdAll?: boolean;
  /** Coral's signing secrets for its external moderation phase (`moderate sites set-coral-secret`); any one verifies. */
  coralSecrets?: string[];
  updatedAt: Date;
}

const webhookSchema = new Schema<SiteWebhook>(
  {
    url: { type: String, required: true },
    secret: { type: String, required: true },
    events: { type: [String], required: true },
  },
  { _id: false },
);

const siteSchema = new Schema<SiteDoc>(
  {
    _id: { type: String, required: true },
    webhook: { type: webhookSchema, default: null },
    holdAll: { type: Boolean, default: undefined },
    coralSecrets: { type: [String], default: undefined },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

export function siteModel(conn: Connection): Model<SiteDoc> {
  return (conn.models.Site as Model<SiteDoc> | undefined) ?? conn.model<SiteDoc>('Site', siteSchema, 'sites');
}
