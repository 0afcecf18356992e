// Which moderators have a comment open right now, so two people do not work
// on the same comment unknowingly. One small document per comment and
// moderator, `_id` `<commentId>|<digest of the moderator's name>`, rewritten
// whole by _id on every heartbeat and read as one _id range: kept in the
// database rather than in memory, so every instance behind a load balancer
// sees the same moderators.
import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { EmbeddedIndex } from './embedded/index-client';
import { latestInRange, prefixRange } from './id-range';

export interface PresenceDoc {
  _id: string;
  commentId: string;
  moderator: string;
  role: string;
  /** The last heartbeat. */
  seenAt: Date;
}

const presenceSchema = new Schema<PresenceDoc>(
  {
    _id: { type: String, required: true },
    commentId: { type: String, required: true },
    moderator: { type: String, required: true },
    role: { type: String, required: true },
    seenAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

/** Names may hold any character; a hex digest keeps every id inside its comment's `_id` range. */
const presenceId = (commentId: string, moderator: string) =>
  `${commentId}|${createHash('sha256').update(moderator).digest('hex').slice(0, 24)}`;

/** More moderators than this on one comment are not listed (and not cleaned up on that read). */
const MAX_LISTED = 50;

export function presenceModel(conn: Connection): Model<PresenceDoc> {
  return (conn.models.Presence as Model<PresenceDoc> | undefined) ?? conn.model<PresenceDoc>('Presence', presenceSchema, 'presence');
}

export class PresenceRepository {
  readonly model: Model<PresenceDoc>;

  constructor(conn: Connection, private readonly index?: EmbeddedIndex) {
    this.model = presenceModel(conn);
  }

  async mark(doc: Omit<PresenceDoc, '_id'>): Promise<void> {
    const _id = presenceId(doc.commentId, doc.moderator);
    await this.model.replaceOne({ _id }, { _id, ...doc }, { upsert: true }).exec();
  }

  async leave(commentId: string, moderator: string): Promise<void> {
    await this.model.deleteOne({ _id: presenceId(commentId, moderator) }).exec();
  }

  /**
   * Everyone seen on the comment since `activeSince`; entries older than
   * `staleBefore` (a console closed without saying so) are deleted on the way.
   */
  async lookingAt(commentId: string, activeSince: Date, staleBefore: Date): Promise<PresenceDoc[]> {
    const docs = await latestInRange(this.index, this.model, prefixRange(`${commentId}|`), MAX_LISTED);
    const stale = docs.filter((d) => new Date(d.seenAt) < staleBefore);
    for (const d of stale) await this.model.deleteOne({ _id: d._id }).exec();
    return docs.filter((d) => new Date(d.seenAt) >= activeSince);
  }

  /** A deleted comment's entries. */
  async removeAllOf(commentId: string): Promise<void> {
    const docs = await latestInRange(this.index, this.model, prefixRange(`${commentId}|`), MAX_LISTED);
    for (const d of docs) await this.model.deleteOne({ _id: d._id }).exec();
  }
}
