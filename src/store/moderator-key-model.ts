// Moderator keys managed with `moderate keys`: only the SHA-256 digest of a
// key is stored, as the _id, so the service checks a presented key with one
// _id lookup (index-backed on MongoDB and on the embedded FerretDB).
import { Schema, type Connection, type Model } from 'mongoose';
import type { Role } from '../access/moderators';

export interface ModeratorKeyDoc {
  /** SHA-256 hex digest of the key. */
  _id: string;
  name: string;
  role: Role;
  /** Sites this key may see and act on; null means every site. */
  sites: string[] | null;
  createdAt: Date;
  /** Set by `moderate keys revoke`; a revoked key is refused but kept for the record. */
  revokedAt: Date | null;
}

const moderatorKeySchema = new Schema<ModeratorKeyDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true, enum: ['admin', 'moderator', 'viewer'] },
    sites: { type: [String], default: null },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

// `moderate keys revoke NAME` and `list` find keys by name.
moderatorKeySchema.index({ name: 1 });

export function moderatorKeyModel(conn: Connection): Model<ModeratorKeyDoc> {
  return (conn.models.ModeratorKey as Model<ModeratorKeyDoc> | undefined) ??
    conn.model<ModeratorKeyDoc>('ModeratorKey', moderatorKeySchema, 'moderator_keys');
}
