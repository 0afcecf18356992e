// Moderator feedback from the compatibility endpoints: Akismet's submit-spam /
// submit-ham and Perspective's suggestscore. Each document is a human label on
// a text, kept for retraining and for measuring the rules (`moderate eval`).
// Insert-only: nothing ever updates a feedback document.
import { Schema, type Connection, type Model } from 'mongoose';

export type FeedbackSource = 'akismet' | 'perspective';
export type FeedbackLabel = 'spam' | 'ham';

export interface FeedbackDoc {
  site: string;
  source: FeedbackSource;
  text: string;
  /** spam / ham when the feedback says so (always for Akismet; Perspective only with a SPAM score). */
  label?: FeedbackLabel;
  /** Perspective suggestions: attribute name to the suggested probability (0..1). */
  attributes?: Record<string, number>;
  name?: string;
  email?: string;
  ip?: string;
  userAgent?: string;
  articleUrl?: string;
  language?: string;
  /** The stored comment the feedback is about, when the client sent the site's own comment id. */
  commentId?: string;
  createdAt: Date;
}

const feedbackSchema = new Schema<FeedbackDoc>(
  {
    site: { type: String, required: true },
    source: { type: String, required: true, enum: ['akismet', 'perspective'] },
    text: { type: String, required: true },
    label: { type: String, enum: ['spam', 'ham'] },
    attributes: { type: Schema.Types.Mixed },
    name: String,
    email: String,
    ip: String,
    userAgent: String,
    articleUrl: String,
    language: String,
    commentId: String,
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw' },
);

// Export for retraining and evaluation: per site, oldest first.
feedbackSchema.index({ site: 1, createdAt: 1 });
// Everything that has been said about one stored comment.
feedbackSchema.index({ commentId: 1 });

export function feedbackModel(conn: Connection): Model<FeedbackDoc> {
  return (conn.models.Feedback as Model<FeedbackDoc> | undefined) ?? conn.model<FeedbackDoc>('Feedback', feedbackSchema, 'feedback');
}
