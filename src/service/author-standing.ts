// Reads what the engine needs to know about a comment's author, article and
// site (src/moderation/standing.ts) and keeps each author's comment entries in
// step with their comments. Every read is one _id lookup or one _id range.
import type { Standing } from '../moderation/standing';
import type { CommentInput } from '../moderation/types';
import type { CommentDoc } from '../store/comment-model';
import type { Store } from '../store/store';

/** How many of an author's latest comments the counts and rules look at. */
export const AUTHOR_ENTRIES_READ = 500;

export class ArticleClosedError extends Error {
  constructor(readonly articleId: string) {
    super(`article ${articleId} takes no more comments`);
  }
}

export class StandingReader {
  private readonly holds = new Map<string, { on: boolean; until: number }>();

  constructor(private readonly store: Pick<Store, 'authors' | 'articles' | 'sites'>, private readonly opts: { now: () => number; siteCacheMs?: number }) {}

  /** The site's hold switch, cached briefly (this instance forgets it at once when a moderator flips it here). */
  private async siteHold(site: string): Promise<boolean> {
    const now = this.opts.now();
    const cached = this.holds.get(site);
    if (cached && cached.until > now) return cached.on;
    const on = (await this.store.sites.byId(site))?.holdAll === true;
    if (this.holds.size > 10_000) this.holds.clear();
    this.holds.set(site, { on, until: now + (this.opts.siteCacheMs ?? 2000) });
    return on;
  }

  forgetSite(site: string): void {
    this.holds.delete(site);
  }

  /** `commentId`: the comment being judged again (an edit), left out of its author's record. */
  async read(input: CommentInput, commentId?: string): Promise<Standing> {
    const { site, authorId, articleId } = input;
    const [policy, entries, article, siteHold] = await Promise.all([
      authorId ? this.store.authors.policy(site, authorId) : null,
      authorId ? this.store.authors.latest(site, authorId, AUTHOR_ENTRIES_READ) : [],
      articleId ? this.store.articles.byId(site, articleId) : null,
      this.siteHold(site),
    ]);
    const standing: Standing = { siteHold };
    if (article) standing.article = { mode: article.mode, closeAt: article.closeAt ? new Date(article.closeAt).getTime() : null };
    if (authorId) {
      const others = entries.filter((e) => e.commentId !== commentId);
      standing.author = {
        authorId,
        mode: policy?.mode ?? 'normal',
        until: policy?.until ? new Date(policy.until).getTime() : null,
        prior: others.length,
        approved: others.filter((e) => e.status === 'approve').length,
        rejectedAt: others.filter((e) => e.status === 'reject').map((e) => new Date(e.at).getTime()),
      };
    }
    return standing;
  }

  private entryOf(doc: CommentDoc) {
    return { commentId: doc._id, status: doc.status, articleId: doc.articleId ?? null, parentId: doc.parentId ?? null, at: new Date(doc.createdAt) };
  }

  /** A new comment joins its author's record. */
  async recorded(doc: CommentDoc): Promise<void> {
    if (doc.authorId) await this.store.authors.record(doc.site, doc.authorId, this.entryOf(doc));
  }

  /** The comment's status changed (a moderator, an edit): so does its entry. */
  async statusChanged(doc: CommentDoc): Promise<void> {
    if (doc.authorId) await this.store.authors.setStatus(doc.site, doc.authorId, this.entryOf(doc));
  }
}
