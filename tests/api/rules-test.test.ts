// POST /v1/rules/test on a real app and database: admins compare the rules
// in service with a candidate for one comment; nothing is stored.
import request from 'supertest';
import { moderatorRingFromConfig } from '../../src/access/moderators';
import { HISTORY_COLLECTION } from '../../src/store/history-store';
import { startTestApp, type TestApp } from '../helpers/app';
import { addModeratorKey } from '../../src/cli/keys';

const KEYS = { admin: 'admin-key-1', moderator: 'moderator-key-1', viewer: 'viewer-key-1', news1Admin: 'admin-key-news1' };

const LONG_TEXT =
  'A long comment about the council meeting, where residents discussed parking, school funding, library hours, bus routes and the riverside park.';

describe('POST /v1/rules/test', () => {
  let t: TestApp;
  beforeAll(async () => {
    const moderatorKeys = moderatorRingFromConfig([
      { name: 'ada', key: KEYS.admin, role: 'admin', sites: null },
      { name: 'max', key: KEYS.moderator, role: 'moderator', sites: null },
      { name: 'val', key: KEYS.viewer, role: 'viewer', sites: null },
      { name: 'nia', key: KEYS.news1Admin, role: 'admin', sites: ['news1'] },
    ]);
    t = await startTestApp('rules_test', { parts: { moderatorKeys } });
  });
  afterAll(async () => { await t.close(); });

  const post = (body: unknown, key = KEYS.admin) => request(t.app).post('/v1/rules/test').set('Authorization', `Bearer ${key}`).send(body as object);

  it('gives an admin the decision under the rules in service and under the candidate, with reasons', async () => {
    const res = await post({
      comment: { name: 'Ann', text: LONG_TEXT, site: 'news1' },
      rules: { checks: { validity: { maxLength: 100, tooLongAction: 'reject' } } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      site: 'news1',
      current: { action: 'approve', reasons: [], rulesVersion: expect.stringMatching(/^[0-9a-f]{12}$/) },
      candidate: { action: 'reject', reasons: [{ check: 'validity', rule: 'validity.too_long', action: 'reject', evidence: { limit: 100 } }] },
      changed: true,
    });
    expect(res.body.candidate.rulesVersion).not.toBe(res.body.current.rulesVersion);
  });

  it('answers with the current decision only when no candidate is given', async () => {
    const res = await post({ comment: { name: 'Ann', text: 'Nothing to see here.' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ site: 'default', current: { action: 'approve' }, candidate: null, changed: null });
  });

  it('reads list files a candidate names from the rules directory', async () => {
    const res = await post({
      comment: { name: 'Ann', text: 'Read all about the council vote here: https://bit.ly/abc123 it is worth it.' },
      rules: { checks: { links: { shortener: { rule: 'links.shortener', action: 'reject', list: 'lists/url-shorteners.txt' } } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.candidate.action).toBe('reject');
    expect(res.body.candidate.reasons.map((r: { rule: string }) => r.rule)).toContain('links.shortener');
  });

  it('refuses a list path outside the rules directory without revealing server paths', async () => {
    const res = await post({
      comment: { name: 'Ann', text: 'hello' },
      rules: { checks: { links: { blocked: { rule: 'links.blocked', action: 'reject', list: '../package.json' } } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_rules', details: { field: 'checks.links' } });
    expect(res.body.error.message).toMatch(/outside the rules directory/);
    expect(JSON.stringify(res.body)).not.toContain(process.cwd());
  });

  it('answers 400 invalid_rules with the field path of a bad candidate value', async () => {
    const res = await post({ comment: { name: 'Ann', text: 'hello' }, rules: { checks: { validity: { maxLength: -3 } } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_rules', details: { field: 'checks.validity.maxLength' } });
  });

  it('answers 400 for an unknown key in the candidate, so typos do not pass silently', async () => {
    const res = await post({ comment: { name: 'Ann', text: 'hello' }, rules: { checks: { validity: { maxLenght: 10 } } } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_rules');
    expect(res.body.error.details.field).toMatch(/^checks\.validity/);
  });

  it('refuses a candidate too large to compile cheaply, naming the field', async () => {
    const domains = Array.from({ length: 6000 }, (_, i) => `d${i}.example`);
    const res = await post({ comment: { name: 'Ann', text: 'hello' }, rules: { checks: { links: { blocked: { rule: 'links.blocked', action: 'reject', domains } } } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_rules', details: { field: 'checks.links.blocked.domains' } });
  });

  it('answers 413 for a body over its limit', async () => {
    const res = await request(t.app).post('/v1/rules/test').set('Authorization', `Bearer ${KEYS.admin}`).set('Content-Type', 'application/json')
      .send(JSON.stringify({ comment: { name: 'Ann', text: 'hi' }, rules: { description: 'x'.repeat(300_000) } }));
    expect(res.status).toBe(413);
  });

  it('validates the comment like POST /v1/comments', async () => {
    const res = await post({ comment: { name: 'Ann', text: 'hi', $where: '1' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });

  it.each([
    ['the moderator role', KEYS.moderator, 403],
    ['the viewer role', KEYS.viewer, 403],
    ['a site key', 'site-key', 401],
    ['an unknown key', 'nope', 401],
  ])('refuses %s', async (_label, key, status) => {
    const res = await post({ comment: { name: 'Ann', text: 'hello' } }, key === 'site-key' ? t.keys.news1! : key);
    expect(res.status).toBe(status);
  });

  it('refuses an admin limited to other sites', async () => {
    expect((await post({ comment: { name: 'Ann', text: 'hello', site: 'news1' } }, KEYS.news1Admin)).status).toBe(200);
    expect((await post({ comment: { name: 'Ann', text: 'hello', site: 'news2' } }, KEYS.news1Admin)).status).toBe(403);
  });

  it('stores nothing: no comment and no history', async () => {
    await post({ comment: { name: 'Ann', text: LONG_TEXT, email: 'ann@example.org' }, rules: {} });
    expect(await t.conn.collection('comments').countDocuments({})).toBe(0);
    expect(await t.conn.collection(HISTORY_COLLECTION).countDocuments({})).toBe(0);
  });
});

describe('POST /v1/rules/test without moderator keys configured', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('rules_test_nokeys'); });
  afterAll(async () => { await t.close(); });

  it('answers 401', async () => {
    const res = await request(t.app).post('/v1/rules/test').set('Authorization', 'Bearer anything').send({ comment: { name: 'Ann', text: 'hello' } });
    expect(res.status).toBe(401);
  });

  it('accepts an admin key managed with `moderate keys`, like the rest of the moderation API', async () => {
    const admin = await addModeratorKey(t.store, 'dbadmin', 'admin', null);
    const viewer = await addModeratorKey(t.store, 'dbviewer', 'viewer', null);
    const body = { comment: { name: 'Ann', text: 'hello' } };
    const ok = await request(t.app).post('/v1/rules/test').set('Authorization', `Bearer ${admin}`).send(body);
    expect(ok.status).toBe(200);
    expect(ok.body.current.action).toBe('approve');
    const forbidden = await request(t.app).post('/v1/rules/test').set('Authorization', `Bearer ${viewer}`).send(body);
    expect(forbidden.status).toBe(403);
  });
});
