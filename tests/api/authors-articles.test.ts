// Author, article and site policies: each one's effect on a submission, its
// audit event, who may set it, and the author's record in the panel.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadRuleBook } from '../../src/ruleset/loader';
import { commentModel } from '../../src/store/comment-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { actOn, heldText } from '../helpers/moderation';

let n = 0;
// A different text each time, so the campaign rule (one text, many authors) never joins in.
const calm = () => `The council meeting on the new library was well attended, note ${['one', 'two', 'three', 'four', 'five', 'six'][n % 6]} of ${n}.`;

function rulesWithNewCommenters(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rules-authors-'));
  cpSync('rules', dir, { recursive: true });
  mkdirSync(path.join(dir, 'sites'), { recursive: true });
  writeFileSync(path.join(dir, 'sites', 'news2.yaml'), 'authors:\n  newCommenters: { holdFirst: 2 }\n');
  return dir;
}

describe('author, article and site policies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('authors_articles', {
      rules: loadRuleBook(rulesWithNewCommenters()),
      moderators: [{ name: 'mo', role: 'moderator' }, { name: 'vi', role: 'viewer' }, { name: 'one', role: 'moderator', sites: ['news2'] }],
    });
  });
  afterAll(async () => { await t.close(); });

  // A different name each time, so the flood rule never joins in.
  const post = (body: Record<string, unknown>, site = 'news1') => request(t.app).post('/v1/comments').set(t.auth(site)).send({ name: `Reader ${++n}`, text: calm(), ...body });
  const putAuthor = (authorId: string, body: Record<string, unknown>, who = 'mo', site = 'news1') =>
    request(t.app).put(`/v1/moderation/authors/${site}/${authorId}`).set(t.asModerator(who)).send(body);
  const rulesOf = (res: request.Response) => res.body.reasons.map((r: { rule: string }) => r.rule);

  it.each([
    ['premod', {}, 'hold', 'author.premod'],
    ['suspended', { until: '2999-01-01T00:00:00Z' }, 'reject', 'author.suspended'],
    ['banned', {}, 'reject', 'author.banned'],
  ])('%s (%j): comments get %s by %s, and the change is audited', async (mode, extra, decision, rule) => {
    const author = `author-${mode}`;
    const set = await putAuthor(author, { mode, notes: `set to ${mode}`, ...extra });
    expect(set.status).toBe(200);
    expect(set.body.policy).toMatchObject({ mode, notes: `set to ${mode}`, updatedBy: 'mo' });
    expect(set.body.audit[0]).toMatchObject({ actor: 'mo', role: 'moderator', change: { mode }, previous: null });
    const res = await post({ authorId: author });
    expect(res.body.decision).toBe(decision);
    expect(rulesOf(res)).toContain(rule);
    if (mode === 'suspended') expect(res.body.reasons[0].message).toContain('2999-01-01T00:00:00.000Z');

    // Back to normal: audited with what it replaced, and the next comment is judged alone.
    const back = await putAuthor(author, { mode: 'normal' });
    expect(back.body.audit.map((a: { change: { mode: string } }) => a.change.mode)).toEqual(['normal', mode]);
    expect(back.body.audit[0].previous).toMatchObject({ mode });
    expect(back.body.policy.notes).toBe(`set to ${mode}`);
    expect((await post({ authorId: author })).body.decision).toBe('approve');
    const stored = await t.store.policyEvents.latest('author', 'news1', author, 10);
    expect(stored.map((e) => e.state)).toEqual(['audit', 'audit']);
  });

  it('a suspension that has ended no longer rejects', async () => {
    await putAuthor('author-was-suspended', { mode: 'suspended', until: '2001-01-01T00:00:00Z' });
    expect((await post({ authorId: 'author-was-suspended' })).body.decision).toBe('approve');
  });

  it('viewers, other sites and bad input are refused', async () => {
    expect((await putAuthor('a1', { mode: 'banned' }, 'vi')).status).toBe(403);
    const other = await putAuthor('a1', { mode: 'banned' }, 'one', 'news1');
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('site_forbidden');
    expect((await putAuthor('a1', { mode: 'suspended' })).body.error.code).toBe('invalid_request');
    expect((await putAuthor('a1', { mode: 'exiled' })).status).toBe(400);
    expect((await request(t.app).get('/v1/moderation/authors/news1/bad%7Cid').set(t.asModerator('mo'))).status).toBe(400);
    expect((await post({ authorId: 'has|bar' })).status).toBe(400);
    expect((await request(t.app).put('/v1/moderation/authors/news1/a1').set(t.auth('news1')).send({ mode: 'banned' })).status).toBe(401);
  });

  it('shows the author\'s record: counts by status and the latest comments', async () => {
    const author = 'author-record';
    const first = await post({ authorId: author });
    const held = await post({ authorId: author, text: heldText() });
    await actOn(t, 'mo', held.body.id, { action: 'reject', expectedVersion: 1 });
    const record = await request(t.app).get(`/v1/moderation/authors/news1/${author}`).set(t.asModerator('vi'));
    expect(record.status).toBe(200);
    expect(record.body.counts).toEqual({ approve: 1, hold: 0, reject: 1, total: 2 });
    expect(record.body.latest.map((c: { id: string; status: string }) => [c.id, c.status])[0]).toEqual([held.body.id, 'reject']);
    expect(record.body.latest[1].id).toBe(first.body.id);
    expect(record.body.latest[1].text).toMatch(/^The council meeting/);
    expect(record.body.policy).toMatchObject({ mode: 'normal', updatedBy: null });
  });

  it('holds a new commenter\'s first comments until a moderator approves one (rule file)', async () => {
    const author = 'author-new';
    const first = await post({ authorId: author }, 'news2');
    expect(first.body.decision).toBe('hold');
    expect(rulesOf(first)).toEqual(['author.new']);
    expect(rulesOf(await post({ authorId: author }, 'news2'))).toEqual(['author.new']);
    expect((await actOn(t, 'mo', first.body.id, { action: 'approve', expectedVersion: 1 })).status).toBe(200);
    expect((await post({ authorId: author }, 'news2')).body.decision).toBe('approve');
    // The rule is per site: news1's rules leave it off.
    expect((await post({ authorId: 'author-new-1' })).body.decision).toBe('approve');
  });

  it('holds a repeat offender: 3 rejected comments in 30 days', async () => {
    const author = 'author-repeat';
    for (let i = 0; i < 3; i++) {
      const res = await post({ authorId: author, text: heldText() });
      expect((await actOn(t, 'mo', res.body.id, { action: 'reject', expectedVersion: 1 })).status).toBe(200);
    }
    const next = await post({ authorId: author });
    expect(next.body.decision).toBe('hold');
    expect(next.body.reasons[0]).toMatchObject({ rule: 'author.repeat-offender', evidence: { count: 3, limit: 3 } });
  });

  it('articles: closed answers 409, premod holds, a scheduled close takes effect, each change audited', async () => {
    const put = (articleId: string, body: Record<string, unknown>) => request(t.app).put(`/v1/moderation/articles/news1/${articleId}`).set(t.asModerator('mo')).send(body);
    expect((await put('art-closed', { mode: 'closed' })).body).toMatchObject({ mode: 'closed', effectiveMode: 'closed', audit: [{ actor: 'mo', change: { mode: 'closed' } }] });
    const closed = await post({ articleId: 'art-closed' });
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({ code: 'article_closed', details: { articleId: 'art-closed' } });

    await put('art-premod', { mode: 'premod' });
    const held = await post({ articleId: 'art-premod' });
    expect(held.body.decision).toBe('hold');
    expect(rulesOf(held)).toEqual(['article.premod']);

    expect((await put('art-scheduled', { mode: 'open', closeAt: '2001-01-01T00:00:00Z' })).body.effectiveMode).toBe('closed');
    expect((await post({ articleId: 'art-scheduled' })).status).toBe(409);
    await put('art-later', { mode: 'open', closeAt: '2999-01-01T00:00:00Z' });
    expect((await post({ articleId: 'art-later' })).body.decision).toBe('approve');
    expect((await request(t.app).put('/v1/moderation/articles/news1/x').set(t.asModerator('vi')).send({ mode: 'closed' })).status).toBe(403);
  });

  it('the site-wide switch holds everything while moderators are away', async () => {
    const put = (holdAll: boolean) => request(t.app).put('/v1/moderation/sites/news1/hold').set(t.asModerator('mo')).send({ holdAll });
    expect((await put(true)).body).toMatchObject({ site: 'news1', holdAll: true, audit: [{ change: { holdAll: true }, previous: { holdAll: false } }] });
    const res = await post({});
    expect(res.body.decision).toBe('hold');
    expect(rulesOf(res)).toEqual(['site.hold-all']);
    expect((await post({}, 'news2')).body.decision).toBe('approve');
    expect((await put(false)).body.holdAll).toBe(false);
    expect((await post({})).body.decision).toBe('approve');
    expect((await request(t.app).get('/v1/moderation/sites/news1/hold').set(t.asModerator('vi'))).body.audit).toHaveLength(2);
  });

  it('POST /v1/comments:check answers the decision and reasons and stores nothing', async () => {
    await putAuthor('author-checked', { mode: 'premod' });
    const before = await commentModel(t.conn).countDocuments({});
    const res = await request(t.app).post('/v1/comments:check').set(t.auth('news1')).send({ name: 'Ann', text: heldText(), authorId: 'author-checked' });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('hold');
    expect(rulesOf(res)).toEqual(expect.arrayContaining(['author.premod', 'patterns.email']));
    expect(await commentModel(t.conn).countDocuments({})).toBe(before);
    expect((await t.store.authors.latest('news1', 'author-checked', 5))).toHaveLength(0);
    expect((await request(t.app).post('/v1/comments:check').send({ name: 'Ann', text: 'x' })).status).toBe(401);
    expect((await request(t.app).post('/v1/comments:check').set(t.auth('news1')).send({ text: 'x' })).status).toBe(400);
  });
});
