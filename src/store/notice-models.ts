// Collections of notice and action, each built around `_id` so every read is
// an `_id` lookup or an `_id` range (FerretDB v1 answers nothing else from an
// index, see tests/api/query-plans.test.ts):
// - reports:      `<commentId>|<reporterHash>`, one per reader and comment
//                 (the unique _id makes a repeat the same report);
// - reporters:    `<site>|<reporterHash>`, whether a moderator muted them;
// - appeals:      `<commentId>|v<version>`, one per decision appealed;
// - notice_queue: `<queue>|<site prefix>|<inverted time>|<commentId>`, the
//                 reported and appealed queues, oldest first as a range read
//                 greatest _id first.
import { Schema, type Connection, type Model } from 'mongoose';
import type { ReportReason } from '../moderation/notice-rules';
import type { Action } from '../moderation/types';

export type ReportState = 'open' | 'upheld' | 'dismissed';

export interface LegalNotice {
  /** The law or provision the reporter relies on, e.g. "§ 130 StGB". */
  law: string;
  explanation: string;
  /** The reporter's confirmation that the notice is accurate and made in good faith (DSA Art. 16(2)(d)). */
  goodFaith: true;
}

export interface ReportDoc {
  _id: string;
  commentId: string;
  site: string;
  reporterHash: string;
  reason: ReportReason;
  note: string | null;
  legal: LegalNotice | null;
  createdAt: Date;
  state: ReportState;
  closedAt: Date | null;
  closedBy: string | null;
}

export interface ReporterDoc {
  _id: string;
  site: string;
  reporterHash: string;
  muted: boolean;
  mutedBy: string | null;
  mutedAt: Date | null;
  /** Reports of this reader that a moderator's decision dismissed: what a moderator weighs before muting. */
  dismissed: number;
}

export type AppealState = 'open' | 'upheld' | 'reversed';

export interface AppealDoc {
  _id: string;
  commentId: string;
  site: string;
  /** The comment version and status appealed against. */
  version: number;
  status: Action;
  /** Who made the decision appealed against (`system` for the rules, REPORTS_ACTOR for reports). */
  decidedBy: string;
  statement: string | null;
  createdAt: Date;
  state: AppealState;
  decision: { actor: string; outcome: 'uphold' | 'reverse'; code: string; note: string | null; at: Date; to: Action } | null;
}

export interface QueueEntryDoc {
  _id: string;
  queue: 'reported' | 'appealed';
  site: string;
  commentId: string;
  at: Date;
  /** Appealed queue: the comment version the appeal is against. */
  version?: number;
}

const strict = { versionKey: false as const, strict: 'throw' as const, minimize: false };

const reportSchema = new Schema<ReportDoc>({
  _id: { type: String, required: true }, commentId: { type: String, required: true }, site: { type: String, required: true },
  reporterHash: { type: String, required: true }, reason: { type: String, required: true }, note: { type: String, default: null },
  legal: { type: Schema.Types.Mixed, default: null }, createdAt: { type: Date, required: true }, state: { type: String, required: true },
  closedAt: { type: Date, default: null }, closedBy: { type: String, default: null },
}, strict);

const reporterSchema = new Schema<ReporterDoc>({
  _id: { type: String, required: true }, site: { type: String, required: true }, reporterHash: { type: String, required: true },
  muted: { type: Boolean, required: true }, mutedBy: { type: String, default: null }, mutedAt: { type: Date, default: null },
  dismissed: { type: Number, default: 0 },
}, strict);

const appealSchema = new Schema<AppealDoc>({
  _id: { type: String, required: true }, commentId: { type: String, required: true }, site: { type: String, required: true },
  version: { type: Number, required: true }, status: { type: String, required: true }, decidedBy: { type: String, required: true },
  statement: { type: String, default: null }, createdAt: { type: Date, required: true }, state: { type: String, required: true },
  decision: { type: Schema.Types.Mixed, default: null },
}, strict);

const queueEntrySchema = new Schema<QueueEntryDoc>({
  _id: { type: String, required: true }, queue: { type: String, required: true }, site: { type: String, required: true },
  commentId: { type: String, required: true }, at: { type: Date, required: true }, version: Number,
}, strict);

const modelOf = <T>(conn: Connection, name: string, schema: Schema<T>, collection: string): Model<T> =>
  (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema, collection);

export const reportModel = (conn: Connection) => modelOf(conn, 'Report', reportSchema, 'reports');
export const reporterModel = (conn: Connection) => modelOf(conn, 'Reporter', reporterSchema, 'reporters');
export const appealModel = (conn: Connection) => modelOf(conn, 'Appeal', appealSchema, 'appeals');
export const noticeQueueModel = (conn: Connection) => modelOf(conn, 'NoticeQueueEntry', queueEntrySchema, 'notice_queue');
