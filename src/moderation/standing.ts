// Who is writing and where: a moderator's policy for the author, the author's
// recent record, the article's mode and the site-wide hold. The engine stays
// pure: the service reads all of it and passes it in as data, and this file
// turns it into reasons the policy combines with the checks' own.
import type { Reason } from './types';

export type AuthorMode = 'normal' | 'premod' | 'suspended' | 'banned';
export type ArticleMode = 'open' | 'premod' | 'closed';

export interface AuthorStanding {
  authorId: string;
  mode: AuthorMode;
  /** Milliseconds since the epoch a suspension ends; null: no end. */
  until: number | null;
  /** The author's comments stored before this one (within what the store reads back). */
  prior: number;
  /** How many of those a moderator or the checks approved. */
  approved: number;
  /** When each rejected comment of the author was stored, newest first. */
  rejectedAt: number[];
}

export interface ArticleStanding {
  mode: ArticleMode;
  /** Milliseconds since the epoch after which the article is closed; null: no schedule. */
  closeAt: number | null;
}

export interface Standing {
  author?: AuthorStanding;
  article?: ArticleStanding;
  /** The site holds every comment (moderators away). */
  siteHold?: boolean;
}

/** The rule file's `authors` section. */
export interface AuthorRules {
  /** Hold an author's first `holdFirst` comments until a moderator approves one (0: off). */
  newCommenters: { holdFirst: number };
  /** `rejects` rejected comments within `withinDays` days put the author's comments on `action`. */
  repeatOffenders: { rejects: number; withinDays: number; action: 'hold' | 'reject' } | null;
}

export const NO_AUTHOR_RULES: AuthorRules = { newCommenters: { holdFirst: 0 }, repeatOffenders: null };

/** The article's effective mode at `now`: a scheduled close counts once its time has come. */
export function articleMode(article: ArticleStanding | undefined, now: number): ArticleMode {
  if (!article) return 'open';
  if (article.closeAt !== null && now >= article.closeAt) return 'closed';
  return article.mode;
}

/** The author's effective mode at `now`: a suspension whose end has passed is over. */
export function authorMode(author: AuthorStanding, now: number): AuthorMode {
  if (author.mode === 'suspended' && author.until !== null && now >= author.until) return 'normal';
  return author.mode;
}

const reason = (check: string, rule: string, action: Reason['action'], message: string, evidence: Reason['evidence'] = {}): Reason => ({ check, rule, action, message, evidence });

function authorReasons(rules: AuthorRules, author: AuthorStanding, now: number): Reason[] {
  const mode = authorMode(author, now);
  if (mode === 'banned') return [reason('author', 'author.banned', 'reject', 'The author is banned from commenting on this site.')];
  if (mode === 'suspended') {
    const until = author.until === null ? 'further notice' : new Date(author.until).toISOString();
    return [reason('author', 'author.suspended', 'reject', `The author is suspended until ${until}.`)];
  }
  const out: Reason[] = [];
  if (mode === 'premod') out.push(reason('author', 'author.premod', 'hold', "A moderator put this author's comments on pre-moderation."));
  const first = rules.newCommenters.holdFirst;
  if (first > 0 && author.approved === 0 && author.prior < first) {
    out.push(reason('author', 'author.new', 'hold', `A new commenter: the first ${first} comments are held until a moderator approves one (this is comment ${author.prior + 1}).`, { count: author.prior + 1, limit: first }));
  }
  const repeat = rules.repeatOffenders;
  if (repeat) {
    const windowSeconds = repeat.withinDays * 86_400;
    const recent = author.rejectedAt.filter((at) => at > now - windowSeconds * 1000).length;
    if (recent >= repeat.rejects) {
      out.push(reason('author', 'author.repeat-offender', repeat.action, `The author had ${recent} comments rejected in the last ${repeat.withinDays} days (limit ${repeat.rejects}).`, { count: recent, limit: repeat.rejects, windowSeconds }));
    }
  }
  return out;
}

/** The reasons the author, the article and the site's switch add to a comment's decision. */
export function standingReasons(rules: AuthorRules, standing: Standing, now: number): Reason[] {
  const out: Reason[] = [];
  if (standing.author) out.push(...authorReasons(rules, standing.author, now));
  if (articleMode(standing.article, now) === 'premod') out.push(reason('article', 'article.premod', 'hold', 'Comments on this article are pre-moderated.'));
  if (standing.siteHold) out.push(reason('site', 'site.hold-all', 'hold', 'The site holds every comment for a moderator (moderators away).'));
  return out;
}
