// The moderation event log: one append-only document per human action. Its
// _id is `${commentId}:v${version}` where version is the comment version the
// action produces, so a retried write is idempotent and the unique _id lets
// at most one action ever claim a given version. The event is written before
// the comment's conditional status update; `state` records whether that
// update is known to have happened (see store/repair.ts).
import { Schema, type Connection, type Model } from 'mongoose';
import type { LastAction, StoredDecision } from './comment-model';
import type { Role } from '../access/moderators';
import type { Action } from '../moderation/types';

export type EventState = 'pending' | 'applied' | 'void';

/**
 * New text the site sent for a stored comment: both texts and both decisions,
 * so the history keeps every version and repair can apply the edit alone.
 */
export interface EditRecord {
  text: string;
  name: string;
  textHash: string;
  decision: StoredDecision;
  rules: string[];
  editedAt: Date;
  previous: { text: string; name: string; decision: StoredDecision };
}

export interface ModerationEventDoc {
  _id: string;
  commentId: string;
  site: string;
  /** The comment version this action produces (expectedVersion + 1). */
  version: number;
  actor: string;
  /** `site` for an edit the site sent. */
  role: Role | 'site';
  action: Action;
  from: Action;
  to: Action;
  note: string | null;
  reason: string | null;
  /** The moderator's code from a fixed list (src/moderation/notice-rules.ts); events before codes have none. */
  reasonCode?: string | null;
  /** Version of the rules that made the automatic decision. */
  rulesVersion: string;
  /** Version of the rules serving the site when the moderator acted. */
  rulesVersionAtAction: string;
  at: Date;
  state: EventState;
  /** Set on an edit: the comment got new text and a new decision at this version. */
  edit?: EditRecord;
}

export const eventIdFor = (commentId: string, version: number): string => `${commentId}:v${version}`;

/** What the comment keeps of the event that moved it last. */
export const lastActionOf = (e: ModerationEventDoc): LastAction => ({ actor: e.actor, role: e.role as Role, action: e.to, at: e.at });

const eventSchema = new Schema<ModerationEventDoc>(
  {
    _id: { type: String, required: true },
    commentId: { type: String, required: true },
    site: { type: String, required: true },
    version: { type: Number, required: true },
    actor: { type: String, required: true },
    role: { type: String, required: true },
    action: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    note: { type: String, default: null },
    reason: { type: String, default: null },
    reasonCode: { type: String, default: null },
    rulesVersion: { type: String, required: true },
    rulesVersionAtAction: { type: String, required: true },
    at: { type: Date, required: true },
    state: { type: String, required: true, enum: ['pending', 'applied', 'void'] },
    edit: { type: Schema.Types.Mixed, default: undefined },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

// A comment's history, in version order.
eventSchema.index({ commentId: 1, version: 1 });
// Repair: the events still pending, oldest first.
eventSchema.index({ state: 1, at: 1 });
// Feedback export by date.
eventSchema.index({ at: 1 });

export function eventModel(conn: Connection): Model<ModerationEventDoc> {
  return (conn.models.ModerationEvent as Model<ModerationEventDoc> | undefined) ??
    conn.model<ModerationEventDoc>('ModerationEvent', eventSchema, 'events');
}
