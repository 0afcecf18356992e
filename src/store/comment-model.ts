// The stored comment: what the site sent, the system's decision (never
// rewritten), and the current status, which moderators change with a
// version precondition (single-document atomic updates; no transactions).
import type { Role } from '../access/moderators';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Action, CommentInput, LanguageGuess, Reason } from '../moderation/types';

export type CommentSource = 'api' | 'akismet' | 'perspective' | 'coral';

/** Coral's own ids of a comment that came through its external moderation phase. */
export interface CoralIds {
  tenantId: string;
  tenantDomain: string;
  siteId: string;
  storyId: string;
  authorRole: string;
}

export interface StoredDecision {
  action: Action;
  reasons: Reason[];
  scores: Record<string, number>;
  rulesVersion: string;
  decidedAt: Date;
  /** The detected language (decisions made before detection have none). */
  language?: LanguageGuess;
}

/** What the site sent (CommentInput), plus what the service decided and keeps. */
export interface CommentDoc extends CommentInput {
  _id: string;
  source: CommentSource;
  textHash: string;
  createdAt: Date;
  decision: StoredDecision;
  /** Current status: the system decision until a moderator changes it. */
  status: Action;
  /** Incremented by every status change; moderators act on an expected version. */
  version: number;
  /** Rule ids that fired, for queue filters ("check:rule"). */
  rules: string[];
  /** Set when the retention job removed the personal data. */
  anonymisedAt?: Date;
  /** The latest moderator action (who, what, when; the note and reason stay in the event log). */
  lastAction?: LastAction | null;
  /** When the site last sent new text for the comment (each edit is an event with both texts). */
  editedAt?: Date;
  coral?: CoralIds;
}

export interface LastAction {
  actor: string;
  role: Role;
  action: Action;
  at: Date;
}

const decisionSchema = new Schema<StoredDecision>(
  {
    action: { type: String, required: true },
    reasons: { type: Schema.Types.Mixed, required: true },
    scores: { type: Schema.Types.Mixed, required: true },
    rulesVersion: { type: String, required: true },
    decidedAt: { type: Date, required: true },
    language: Schema.Types.Mixed,
  },
  // Not minimized: a reason about the author or article has empty evidence, and it must read back as {}.
  { _id: false, minimize: false },
);

const commentSchema = new Schema<CommentDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    externalId: String,
    name: { type: String, required: true },
    text: { type: String, required: true },
    email: String,
    ip: String,
    userAgent: String,
    articleId: String,
    articleUrl: String,
    parentId: String,
    language: String,
    authorId: String,
    editedAt: Date,
    coral: { type: Schema.Types.Mixed, default: undefined },
    source: { type: String, required: true },
    textHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    decision: { type: decisionSchema, required: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
    rules: { type: [String], default: [] },
    anonymisedAt: Date,
    lastAction: { type: new Schema({ actor: String, role: String, action: String, at: Date }, { _id: false }), default: undefined },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

// Moderation queue: per site and status, oldest first, (createdAt, _id) as the cursor.
commentSchema.index({ site: 1, status: 1, createdAt: 1, _id: 1 });
commentSchema.index({ status: 1, createdAt: 1, _id: 1 });
// Retention job and replay by date.
commentSchema.index({ createdAt: 1 });

export function commentModel(conn: Connection): Model<CommentDoc> {
  return (conn.models.Comment as Model<CommentDoc> | undefined) ?? conn.model<CommentDoc>('Comment', commentSchema, 'comments');
}
