// Moderator keys managed with `moderate keys` (moderator-key-model.ts): only
// a key's digest is stored, as its _id.
import type { Connection, Model } from 'mongoose';
import { moderatorKeyModel, type ModeratorKeyDoc } from './moderator-key-model';

export class ModeratorKeyRepository {
  private readonly model: Model<ModeratorKeyDoc>;

  constructor(conn: Connection) {
    this.model = moderatorKeyModel(conn);
  }

  byDigest(digest: string): Promise<ModeratorKeyDoc | null> {
    return this.model.findById(digest).lean<ModeratorKeyDoc>().exec();
  }

  async add(doc: ModeratorKeyDoc): Promise<void> {
    await this.model.collection.insertOne(doc as never);
  }

  /**
   * Revokes the live keys named `which`, or the one whose digest starts with
   * it; answers how many. A scan, on purpose: the collection holds one
   * document per moderator key, and only the command line revokes.
   */
  async revoke(which: string, at: Date): Promise<number> {
    const byDigest = /^[0-9a-f]{8,64}$/.test(which) ? { _id: { $regex: `^${which}` } } : null;
    const filter = byDigest ? { $or: [{ name: which }, byDigest] } : { name: which };
    return (await this.model.updateMany({ ...filter, revokedAt: null }, { $set: { revokedAt: at } })).modifiedCount;
  }

  /** Every key, by name then age (the command line's list). */
  list(): Promise<ModeratorKeyDoc[]> {
    return this.model.find({}).sort({ name: 1, createdAt: 1 }).lean<ModeratorKeyDoc[]>().exec();
  }
}
