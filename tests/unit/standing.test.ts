// The engine's reading of author, article and site policies: pure, so every
// combination is checked without a database.
import { articleMode, authorMode, standingReasons, type AuthorRules, type AuthorStanding } from '../../src/moderation/standing';
import { coralAnswer } from '../../src/api/coral/coral-contract';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const DAY = 86_400_000;
const rules: AuthorRules = { newCommenters: { holdFirst: 2 }, repeatOffenders: { rejects: 3, withinDays: 30, action: 'hold' } };
const author = (over: Partial<AuthorStanding> = {}): AuthorStanding => ({ authorId: 'a', mode: 'normal', until: null, prior: 5, approved: 3, rejectedAt: [], ...over });
const rulesOf = (over: Partial<AuthorStanding>, r = rules) => standingReasons(r, { author: author(over) }, NOW).map((x) => `${x.rule}:${x.action}`);

describe('standing reasons', () => {
  it('turns each author policy into its reason, and a suspension ends at its time', () => {
    expect(rulesOf({})).toEqual([]);
    expect(rulesOf({ mode: 'premod' })).toEqual(['author.premod:hold']);
    expect(rulesOf({ mode: 'banned' })).toEqual(['author.banned:reject']);
    expect(rulesOf({ mode: 'suspended', until: NOW + DAY })).toEqual(['author.suspended:reject']);
    expect(rulesOf({ mode: 'suspended', until: NOW - 1 })).toEqual([]);
    expect(authorMode(author({ mode: 'suspended', until: NOW }), NOW)).toBe('normal');
  });

  it('holds a new commenter until an approval, only for the first N comments', () => {
    expect(rulesOf({ prior: 0, approved: 0 })).toEqual(['author.new:hold']);
    expect(rulesOf({ prior: 1, approved: 0 })).toEqual(['author.new:hold']);
    expect(rulesOf({ prior: 2, approved: 0 })).toEqual([]);
    expect(rulesOf({ prior: 1, approved: 1 })).toEqual([]);
    expect(rulesOf({ prior: 0, approved: 0 }, { ...rules, newCommenters: { holdFirst: 0 } })).toEqual([]);
  });

  it('counts only the rejects inside the repeat-offender window', () => {
    expect(rulesOf({ rejectedAt: [NOW - DAY, NOW - 2 * DAY, NOW - 29 * DAY] })).toEqual(['author.repeat-offender:hold']);
    expect(rulesOf({ rejectedAt: [NOW - DAY, NOW - 2 * DAY, NOW - 31 * DAY] })).toEqual([]);
    expect(rulesOf({ rejectedAt: [1, 2, 3].map((d) => NOW - d * DAY) }, { ...rules, repeatOffenders: { rejects: 3, withinDays: 30, action: 'reject' } })).toEqual(['author.repeat-offender:reject']);
  });

  it('reads articles and the site switch, a scheduled close from its time on', () => {
    expect(articleMode(undefined, NOW)).toBe('open');
    expect(articleMode({ mode: 'open', closeAt: NOW }, NOW)).toBe('closed');
    expect(articleMode({ mode: 'premod', closeAt: NOW + 1 }, NOW)).toBe('premod');
    expect(standingReasons(rules, { article: { mode: 'premod', closeAt: null }, siteHold: true }, NOW).map((r) => r.rule)).toEqual(['article.premod', 'site.hold-all']);
  });
});

describe("Coral's answer", () => {
  const reason = (check: string, rule: string, action: 'hold' | 'reject') => ({ check, rule, action, message: '', evidence: {} });
  it('is PREMOD for a hold about who or where, SYSTEM_WITHHELD for one about the text, with flags', () => {
    expect(coralAnswer('hold', [reason('author', 'author.premod', 'hold')])).toEqual({ status: 'PREMOD' });
    expect(coralAnswer('hold', [reason('site', 'site.hold-all', 'hold'), reason('links', 'links.count', 'hold')]))
      .toEqual({ status: 'SYSTEM_WITHHELD', actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_SPAM' }] });
    expect(coralAnswer('reject', [reason('profanity', 'profanity.slur', 'reject'), reason('classifier', 'classifier.spam', 'hold')]).actions)
      .toEqual([{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }, { actionType: 'FLAG', reason: 'COMMENT_DETECTED_SPAM' }]);
    expect(coralAnswer('reject', [reason('author', 'author.banned', 'reject')])).toEqual({ status: 'REJECTED' });
    expect(coralAnswer('approve', [])).toEqual({ status: 'APPROVED' });
  });
});
