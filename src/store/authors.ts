// Author policies and each author's comment entries (author-model.ts).
import type { Connection, Model } from 'mongoose';
import { authorCommentId, authorCommentModel, authorKey, authorPolicyModel, type AuthorCommentDoc, type AuthorPolicyDoc } from './author-model';
import type { EmbeddedIndex } from './embedded/index-client';
import { latestInRange, prefixRange } from './id-range';

export class AuthorRepository {
  readonly policies: Model<AuthorPolicyDoc>;
  readonly entries: Model<AuthorCommentDoc>;

  constructor(conn: Connection, private readonly index?: EmbeddedIndex) {
    this.policies = authorPolicyModel(conn);
    this.entries = authorCommentModel(conn);
  }

  policy(site: string, authorId: string): Promise<AuthorPolicyDoc | null> {
    return this.policies.findById(authorKey(site, authorId)).lean<AuthorPolicyDoc>().exec();
  }

  /** The whole policy document is written: what a moderator sets is the policy, nothing merged into it. */
  async setPolicy(doc: AuthorPolicyDoc): Promise<void> {
    await this.policies.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  /** Records a stored comment of the author; a retried record of the same comment leaves the entry as it is. */
  async record(site: string, authorId: string, entry: Omit<AuthorCommentDoc, '_id'>): Promise<void> {
    const _id = authorCommentId(site, authorId, entry.at, entry.commentId);
    await this.entries.updateOne({ _id }, { $setOnInsert: entry }, { upsert: true });
  }

  /** The entry follows its comment's status (a moderator's action, an edit): rewritten whole, as it is small. */
  async setStatus(site: string, authorId: string, entry: Omit<AuthorCommentDoc, '_id'>): Promise<void> {
    await this.entries.replaceOne({ _id: authorCommentId(site, authorId, entry.at, entry.commentId) }, entry);
  }

  /** The author's latest entries, newest first. */
  latest(site: string, authorId: string, limit: number): Promise<AuthorCommentDoc[]> {
    return latestInRange(this.index, this.entries, prefixRange(`${authorKey(site, authorId)}|`), limit);
  }
}
