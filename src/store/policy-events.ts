// The audit of moderators' policy changes (an author's policy, an article's
// mode, a site's hold switch), kept in the `events` collection beside the
// comment actions. `_id` `policy|<site>|<kind>|<subject>|<time>|<nonce>`, so
// one subject's changes are one range of _id; `state: 'audit'` keeps them out
// of repair's pending and the feedback export's applied events.
import { randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { EmbeddedIndex } from './embedded/index-client';
import { latestInRange, prefixRange, timeKey } from './id-range';

export type PolicyKind = 'author' | 'article' | 'site';

export interface PolicyEventDoc {
  _id: string;
  kind: PolicyKind;
  site: string;
  subject: string;
  actor: string;
  role: string;
  /** What was set (the new policy), and what it replaced (null: nothing set before). */
  change: Record<string, unknown>;
  previous: Record<string, unknown> | null;
  at: Date;
  state: 'audit';
}

const policyEventSchema = new Schema<PolicyEventDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    site: { type: String, required: true },
    subject: { type: String, required: true },
    actor: { type: String, required: true },
    role: { type: String, required: true },
    change: { type: Schema.Types.Mixed, required: true },
    previous: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
    state: { type: String, required: true },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

const subjectPrefix = (kind: PolicyKind, site: string, subject: string) => `policy|${site}|${kind}|${subject}|`;

export function policyEventModel(conn: Connection): Model<PolicyEventDoc> {
  return (conn.models.PolicyEvent as Model<PolicyEventDoc> | undefined) ?? conn.model<PolicyEventDoc>('PolicyEvent', policyEventSchema, 'events');
}

export class PolicyEventRepository {
  readonly model: Model<PolicyEventDoc>;

  constructor(conn: Connection, private readonly index?: EmbeddedIndex) {
    this.model = policyEventModel(conn);
  }

  async record(e: Omit<PolicyEventDoc, '_id' | 'state'>): Promise<PolicyEventDoc> {
    const doc: PolicyEventDoc = { ...e, _id: `${subjectPrefix(e.kind, e.site, e.subject)}${timeKey(e.at.getTime())}|${randomBytes(4).toString('hex')}`, state: 'audit' };
    await this.model.create(doc);
    return doc;
  }

  /** A subject's latest changes, newest first. */
  latest(kind: PolicyKind, site: string, subject: string, limit: number): Promise<PolicyEventDoc[]> {
    return latestInRange(this.index, this.model, prefixRange(subjectPrefix(kind, site, subject)), limit);
  }
}
