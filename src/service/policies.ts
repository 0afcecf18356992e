// Moderators set policies for an author, an article or a whole site. Each
// change is audited in the events collection (who, role, what, what it
// replaced, when) before it takes effect, like a comment action.
import type { Moderator } from '../access/moderators';
import type { ArticleMode, AuthorMode } from '../moderation/standing';
import type { ArticlePolicyDoc } from '../store/article-model';
import { articleKey } from '../store/article-model';
import { authorKey, type AuthorCommentDoc, type AuthorPolicyDoc } from '../store/author-model';
import type { CommentDoc } from '../store/comment-model';
import type { PolicyEventDoc } from '../store/policy-events';
import type { Store } from '../store/store';
import { AUTHOR_ENTRIES_READ, type StandingReader } from './author-standing';

export interface PolicyDeps {
  store: Store;
  now: () => number;
  standing?: StandingReader;
}

export interface AuthorPolicyChange { mode: AuthorMode; until: Date | null; notes?: string }
export interface ArticlePolicyChange { mode: ArticleMode; closeAt: Date | null }

const audit = (deps: PolicyDeps, moderator: Moderator, e: Pick<PolicyEventDoc, 'kind' | 'site' | 'subject' | 'change' | 'previous'>) =>
  deps.store.policyEvents.record({ ...e, actor: moderator.name, role: moderator.role, at: new Date(deps.now()) });

const authorPolicyOf = (d: AuthorPolicyDoc | null) => (d ? { mode: d.mode, until: d.until, notes: d.notes } : null);

export async function setAuthorPolicy(deps: PolicyDeps, moderator: Moderator, site: string, authorId: string, change: AuthorPolicyChange): Promise<{ policy: AuthorPolicyDoc; event: PolicyEventDoc }> {
  const before = await deps.store.authors.policy(site, authorId);
  const policy: AuthorPolicyDoc = {
    _id: authorKey(site, authorId), site, authorId, mode: change.mode, until: change.mode === 'suspended' ? change.until : null,
    notes: change.notes ?? before?.notes ?? '', updatedAt: new Date(deps.now()), updatedBy: moderator.name,
  };
  const event = await audit(deps, moderator, { kind: 'author', site, subject: authorId, change: authorPolicyOf(policy)!, previous: authorPolicyOf(before) });
  await deps.store.authors.setPolicy(policy);
  return { policy, event };
}

export async function setArticlePolicy(deps: PolicyDeps, moderator: Moderator, site: string, articleId: string, change: ArticlePolicyChange): Promise<{ policy: ArticlePolicyDoc; event: PolicyEventDoc }> {
  const before = await deps.store.articles.byId(site, articleId);
  const policy: ArticlePolicyDoc = { _id: articleKey(site, articleId), site, articleId, mode: change.mode, closeAt: change.closeAt, updatedAt: new Date(deps.now()), updatedBy: moderator.name };
  const event = await audit(deps, moderator, { kind: 'article', site, subject: articleId, change: { mode: policy.mode, closeAt: policy.closeAt }, previous: before ? { mode: before.mode, closeAt: before.closeAt } : null });
  await deps.store.articles.set(policy);
  return { policy, event };
}

export async function setSiteHold(deps: PolicyDeps, moderator: Moderator, site: string, holdAll: boolean): Promise<PolicyEventDoc> {
  const before = await deps.store.sites.byId(site);
  const event = await audit(deps, moderator, { kind: 'site', site, subject: 'hold', change: { holdAll }, previous: { holdAll: before?.holdAll === true } });
  await deps.store.sites.setHoldAll(site, holdAll);
  deps.standing?.forgetSite(site);
  return event;
}

export interface AuthorRecord {
  policy: AuthorPolicyDoc | null;
  /** Counts by current status over the author's latest comments (at most AUTHOR_ENTRIES_READ). */
  counts: { approve: number; hold: number; reject: number; total: number };
  latest: Array<{ entry: AuthorCommentDoc; comment: CommentDoc | null }>;
  audit: PolicyEventDoc[];
}

/** What the console's author panel shows: the policy, the record and the audit of policy changes. */
export async function authorRecord(store: Store, site: string, authorId: string, latestCount: number): Promise<AuthorRecord> {
  const [policy, entries, auditTrail] = await Promise.all([
    store.authors.policy(site, authorId),
    store.authors.latest(site, authorId, AUTHOR_ENTRIES_READ),
    store.policyEvents.latest('author', site, authorId, 20),
  ]);
  const counts = { approve: 0, hold: 0, reject: 0, total: entries.length };
  for (const e of entries) counts[e.status] += 1;
  const shown = entries.slice(0, latestCount);
  const comments = await Promise.all(shown.map((e) => store.comments.byId(e.commentId)));
  return { policy, counts, latest: shown.map((entry, i) => ({ entry, comment: comments[i] ?? null })), audit: auditTrail };
}
