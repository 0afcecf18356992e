// Per-article comment settings, `_id` `<site>|<articleId>` (read by _id alone).
import { Schema, type Connection, type Model } from 'mongoose';
import type { ArticleMode } from '../moderation/standing';

export interface ArticlePolicyDoc {
  _id: string;
  site: string;
  articleId: string;
  mode: ArticleMode;
  /** After this time the article takes no more comments; null: no schedule. */
  closeAt: Date | null;
  updatedAt: Date;
  updatedBy: string;
}

export const articleKey = (site: string, articleId: string) => `${site}|${articleId}`;

const articleSchema = new Schema<ArticlePolicyDoc>(
  {
    _id: { type: String, required: true },
    site: { type: String, required: true },
    articleId: { type: String, required: true },
    mode: { type: String, required: true, enum: ['open', 'premod', 'closed'] },
    closeAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false, strict: 'throw', minimize: false },
);

export function articlePolicyModel(conn: Connection): Model<ArticlePolicyDoc> {
  return (conn.models.ArticlePolicy as Model<ArticlePolicyDoc> | undefined) ?? conn.model<ArticlePolicyDoc>('ArticlePolicy', articleSchema, 'article_policies');
}

export class ArticleRepository {
  readonly model: Model<ArticlePolicyDoc>;

  constructor(conn: Connection) {
    this.model = articlePolicyModel(conn);
  }

  byId(site: string, articleId: string): Promise<ArticlePolicyDoc | null> {
    return this.model.findById(articleKey(site, articleId)).lean<ArticlePolicyDoc>().exec();
  }

  async set(doc: ArticlePolicyDoc): Promise<void> {
    await this.model.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }
}
