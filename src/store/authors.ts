// Author policies and each author's comment entries (author-model.ts).
import type { Connection, Model } from 'mongoose';
import type { Action } from '../moderation/types';
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

  async setPolicy(doc: AuthorPolicyDoc): Promise<void> {
    const { _id, ...fields } = doc;
    await this.policies.updateOne({ _id }, { $set: fields }, { upsert: true });
  }

  /** Records a stored comment of the author; a retried record of the same comment leaves the entry as it is. */
  async record(site: string, authorId: string, entry: Omit<AuthorCommentDoc, '_id'>): Promise<void> {
    const _id = authorCommentId(site, authorId, entry.at, entry.commentId);
    await this.entries.updateOne({ _id }, { $setOnInsert: entry }, { upsert: true });
  }

  /** The entry follows its comment's status (a moderator's action, an edit). */
  async setStatus(site: string, authorId: string, at: Date, commentId: string, status: Action): Promise<void> {
    await this.entries.updateOne({ _id: authorCommentId(site, authorId, at, commentId) }, { $set: { status } });
  }

  /** The author's latest entries, newest first. */
  latest(site: string, authorId: string, limit: number): Promise<AuthorCommentDoc[]> {
    return latestInRange(this.index, this.entries, prefixRange(`${authorKey(site, authorId)}|`), limit);
  }
}
