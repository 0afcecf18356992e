// Authors of one site, by the site's own user id. Two collections, both read
// by _id alone (FerretDB v1 answers nothing else from an index):
// - author_policies: the policy a moderator set, `_id` `<site>|<authorId>`;
// - author_comments: one small entry per comment of the author, `_id`
//   `<site>|<authorId>|<time>|<commentId>`, so the author's latest comments
//   are one range of _id; its status follows the comment's (moderators, edits).
import { Schema, type Connection, type Model } from 'mongoose';
import type { Action } from '../moderation/types';
import type { AuthorMode } from '../moderation/standing';
import { timeKey } from './id-range';

export interface AuthorPolicyDoc {
  _id: string;
  site: string;
  authorId: string;
  mode: AuthorMode;
  until: Date | null;
  notes: string;
  updatedAt: Date;
  updatedBy: string;
}

export interface AuthorCommentDoc {
  _id: string;
  commentId: string;
  status: Action;
  articleId: string | null;
  parentId: string | null;
  at: Date;
}

export const authorKey = (site: string, authorId: string) => `${site}|${authorId}`;
export const authorCommentId = (site: string, authorId: string, at: Date | number, commentId: string) =>
  `${authorKey(site, authorId)}|${timeKey(new Date(at).getTime())}|${commentId}`;

const policySchema = new Schema<AuthorPolicyDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    authorId: { type: String, required: true },
    mode: { type: String, required: true, enum: ['normal', 'premod', 'suspended', 'banned'] },
    until: { type: Date, default: null },
    notes: { type: String, default: '' },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

const entrySchema = new Schema<AuthorCommentDoc>(
  {
    _id: { type: String, required: true },
    commentId: { type: String, required: true },
    status: { type: String, required: true },
    articleId: { type: String, default: null },
    parentId: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

export function authorPolicyModel(conn: Connection): Model<AuthorPolicyDoc> {
  return (conn.models.AuthorPolicy as Model<AuthorPolicyDoc> | undefined) ?? conn.model<AuthorPolicyDoc>('AuthorPolicy', policySchema, 'author_policies');
}

export function authorCommentModel(conn: Connection): Model<AuthorCommentDoc> {
  return (conn.models.AuthorComment as Model<AuthorCommentDoc> | undefined) ?? conn.model<AuthorCommentDoc>('AuthorComment', entrySchema, 'author_comments');
}
