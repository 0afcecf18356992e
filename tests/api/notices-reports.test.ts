// Reader reports: one per reader and comment, thresholds from the rule file,
// muted reporters stored but not counted, the reported queue, and a moderator's
// decision closing the reports; statements of reasons on what is held.
import request from 'supertest';
import { loadRuleBook } from '../../src/ruleset/loader';
import { startTestApp, type TestApp } from '../helpers/app';
import { actOn, postComment, postHeld } from '../helpers/moderation';
import { LEGAL, report, rulesWithAppeals } from '../helpers/notices';

let n = 0;
const calm = (t: TestApp, site = 'news1') => postComment(t, site, `A calm remark number ${++n} about the harbour festival.`);

describe('reader reports', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('notices_reports', { rules: loadRuleBook(rulesWithAppeals()), moderators: [{ name: 'mo', role: 'moderator' }, { name: 'vi', role: 'viewer' }, { name: 'n2', role: 'moderator', sites: ['news2'] }] });
  });
  afterAll(async () => { await t.close(); });

  it('stores one report per reader and comment: a repeat answers the same report', async () => {
    const { id } = await calm(t);
    const first = await report(t, 'news1', id, { reason: 'spam', reporterId: 'reader-1' });
    expect(first.status).toBe(201);
    const again = await report(t, 'news1', id, { reason: 'abuse', reporterId: 'reader-1', note: 'changed my mind' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const racing = await Promise.all([1, 2, 3].map(() => report(t, 'news1', id, { reason: 'spam', reporterId: 'reader-2' })));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(await t.store.notices.reportsOf(id)).toHaveLength(2);
    // Two reports are below the default threshold of three.
    expect((await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'))).body.status).toBe('approve');
  });

  it('refuses bad reports with a code, and another site\'s comment as missing', async () => {
    const { id } = await calm(t);
    expect((await report(t, 'news1', id, { reason: 'illegal', reporterId: 'r' })).body.error.code).toBe('invalid_request');
    expect((await report(t, 'news1', id, { reason: 'illegal', reporterId: 'r', legal: { ...LEGAL, goodFaith: false } })).status).toBe(400);
    expect((await report(t, 'news1', id, { reason: 'rude', reporterId: 'r' })).status).toBe(400);
    expect((await report(t, 'news2', id, { reason: 'spam', reporterId: 'r' })).status).toBe(404);
    expect((await report(t, 'news1', 'NOT-AN-ID', { reason: 'spam', reporterId: 'r' })).status).toBe(404);
  });

  it('holds a published comment at the threshold, with a statement that readers\' reports moved it', async () => {
    const { id } = await calm(t);
    for (const reader of ['a', 'b']) expect((await report(t, 'news1', id, { reason: 'abuse', reporterId: reader })).status).toBe(201);
    expect((await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'))).body.status).toBe('approve');
    await report(t, 'news1', id, { reason: 'spam', reporterId: 'c' });
    const res = await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'));
    expect(res.body.status).toBe('hold');
    expect(res.body.statement).toMatchObject({
      decision: 'hold', code: 'reports.threshold', source: 'notice', automatedDetection: false, automatedDecision: true,
      ground: { kind: 'terms' }, facts: { reports: { count: 3 } }, appeal: { available: true },
    });
    expect(res.body.statement.facts.reports.reasons.sort()).toEqual(['abuse', 'abuse', 'spam']);
  });

  it('holds on one report of an illegal threat, on an illegal-content ground', async () => {
    const { id } = await calm(t);
    expect((await report(t, 'news1', id, { reason: 'illegal', reporterId: 'z', legal: LEGAL })).status).toBe(201);
    const res = await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'));
    expect(res.body).toMatchObject({ status: 'hold', statement: { ground: { kind: 'illegal_content' } } });
    const other = await calm(t);
    await report(t, 'news1', other.id, { reason: 'threat', reporterId: 'z' });
    expect((await request(t.app).get(`/v1/comments/${other.id}`).set(t.auth('news1'))).body.status).toBe('hold');
  });

  it('keeps a muted reporter\'s reports but no longer counts them', async () => {
    const { id } = await calm(t);
    const first = await report(t, 'news1', id, { reason: 'spam', reporterId: 'noisy' });
    const reporter = first.body.id.split('|')[1];
    const mod = t.asModerator('mo');
    expect((await request(t.app).post('/v1/moderation/reporters/mute').set(t.asModerator('vi')).send({ site: 'news1', reporter })).status).toBe(403);
    expect((await request(t.app).post('/v1/moderation/reporters/mute').set(t.asModerator('n2')).send({ site: 'news1', reporter })).body.error.code).toBe('site_forbidden');
    expect((await request(t.app).post('/v1/moderation/reporters/mute').set(mod).send({ site: 'news1', reporter })).body).toMatchObject({ muted: true, mutedBy: 'mo' });
    await report(t, 'news1', id, { reason: 'spam', reporterId: 'b' });
    await report(t, 'news1', id, { reason: 'spam', reporterId: 'c' });
    expect((await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'))).body.status).toBe('approve');
    expect(await t.store.notices.reportsOf(id)).toHaveLength(3);
    await report(t, 'news1', id, { reason: 'spam', reporterId: 'd' });
    expect((await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'))).body.status).toBe('hold');
    const queue = await request(t.app).get('/v1/moderation/reported').query({ site: 'news1', limit: 100 }).set(mod);
    const item = queue.body.items.find((i: { comment: { id: string } }) => i.comment.id === id);
    expect(item.reports).toMatchObject({ open: 4, counted: 3, byReason: { spam: 4 } });
    expect(item.reports.items.filter((r: { muted: boolean }) => r.muted)).toHaveLength(1);
  });

  it('lists reported comments with their reports grouped, and a decision closes them', async () => {
    const { id } = await calm(t, 'news2');
    await report(t, 'news2', id, { reason: 'hate', reporterId: 'x', note: 'slur in the second line' });
    await report(t, 'news2', id, { reason: 'hate', reporterId: 'y' });
    const mod = t.asModerator('n2');
    const page = await request(t.app).get('/v1/moderation/reported').set(mod);
    expect(page.status).toBe(200);
    expect(page.body.items.map((i: { comment: { id: string } }) => i.comment.id)).toEqual([id]);
    expect(page.body.items[0].reports).toMatchObject({ open: 2, counted: 2, byReason: { hate: 2 } });
    const counts = await request(t.app).get('/v1/moderation/notices/counts').set(mod);
    expect(counts.body).toEqual({ reported: 1, appealed: 0 });
    // Polling with the ETag costs a bodiless 304 while nothing changed.
    expect((await request(t.app).get('/v1/moderation/notices/counts').set(mod).set('If-None-Match', String(counts.headers.etag))).status).toBe(304);

    expect((await actOn(t, 'n2', id, { action: 'approve', expectedVersion: 1 })).status).toBe(200);
    expect((await t.store.notices.reportsOf(id)).map((r) => r.state)).toEqual(['dismissed', 'dismissed']);
    expect((await request(t.app).get('/v1/moderation/reported').set(mod)).body.items).toEqual([]);
    expect((await request(t.app).get('/v1/moderation/notices/counts').set(mod).set('If-None-Match', String(counts.headers.etag))).body).toEqual({ reported: 0, appealed: 0 });
    expect((await request(t.app).get('/v1/moderation/reported').query({ cursor: 'nonsense' }).set(mod)).body.error.code).toBe('invalid_cursor');
    // Their dismissed reports follow the reporters, for a moderator deciding whether to mute them.
    const next = await calm(t, 'news2');
    await report(t, 'news2', next.id, { reason: 'hate', reporterId: 'x' });
    const again = await request(t.app).get('/v1/moderation/reported').set(mod);
    expect(again.body.items[0].reports.items).toEqual([expect.objectContaining({ reason: 'hate', dismissedBefore: 1, muted: false })]);
    const muted = await request(t.app).post('/v1/moderation/reporters/mute').set(mod).send({ site: 'news2', reporter: again.body.items[0].reports.items[0].reporter });
    expect(muted.body).toMatchObject({ muted: true, dismissed: 1 });
    await actOn(t, 'n2', next.id, { action: 'approve', expectedVersion: 1 });
  });

  it('pages the reported queue oldest first without repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await calm(t, 'news2');
      await report(t, 'news2', id, { reason: 'spam', reporterId: `p${i}` });
      ids.push(id);
    }
    const mod = t.asModerator('n2');
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await request(t.app).get('/v1/moderation/reported').query({ limit: 1, ...(cursor && { cursor }) }).set(mod);
      seen.push(...res.body.items.map((x: { comment: { id: string } }) => x.comment.id));
      cursor = res.body.nextCursor;
      if (!res.body.hasMore) break;
    }
    expect(seen).toEqual(ids);
  });

  it('gives every automatic hold a statement with the rule, its spans and automation; a moderator\'s free text becomes code other', async () => {
    const id = await postHeld(t, 'news1');
    const held = await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'));
    expect(held.body.statement).toMatchObject({ decision: 'hold', source: 'automated', automatedDetection: true, automatedDecision: true, code: held.body.reasons[0].rule });
    expect(held.body.statement.facts.reasons[0].spans.length).toBeGreaterThan(0);
    expect(held.body.statement.facts.reasons[0].spans[0]).not.toHaveProperty('text');
    expect((await actOn(t, 'mo', id, { action: 'reject', expectedVersion: 1, reason: 'Posted the same link on every article' })).status).toBe(200);
    const rejected = await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'));
    expect(rejected.body.statement).toMatchObject({ decision: 'reject', source: 'moderator', code: 'other', note: 'Posted the same link on every article', automatedDecision: false });
    const coded = await postHeld(t, 'news1');
    await actOn(t, 'mo', coded, { action: 'reject', expectedVersion: 1, reasonCode: 'spam' });
    expect((await request(t.app).get(`/v1/comments/${coded}`).set(t.auth('news1'))).body.statement).toMatchObject({ code: 'spam', note: null });
    expect((await actOn(t, 'mo', coded, { action: 'approve', expectedVersion: 2, reasonCode: 'not-a-code' })).status).toBe(400);
    const published = await calm(t);
    expect((await request(t.app).get(`/v1/comments/${published.id}`).set(t.auth('news1'))).body).not.toHaveProperty('statement');
  });
});
