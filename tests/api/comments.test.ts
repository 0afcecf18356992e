import request from 'supertest';
import { buildApp } from '../../src/app';
import { storeFor } from '../../src/store/store';
import { KeyRing } from '../../src/access/key-ring';
import { connectDatabase } from '../../src/db/connect';
import { createLogger } from '../../src/logger';
import { loadRuleBook } from '../../src/ruleset/loader';
import { commentModel } from '../../src/store/comment-model';
import { startTestApp, type TestApp } from '../helpers/app';

describe('POST /v1/comments', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('comments'); });
  afterAll(async () => { await t.close(); });

  const post = (body: unknown, site = 'news1') => request(t.app).post('/v1/comments').set(t.auth(site)).send(body as object);

  it('stores the comment and its decision before answering 201', async () => {
    const res = await post({ name: 'Ann', text: 'A thoughtful point about the council budget.', articleId: 'a1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ decision: 'approve', status: 'approve', reasons: [], rulesVersion: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(res.headers.location).toBe(`/v1/comments/${res.body.id}`);
    const stored = await commentModel(t.conn).findById(res.body.id).lean();
    expect(stored).toMatchObject({ site: 'news1', name: 'Ann', articleId: 'a1', status: 'approve', version: 1 });
    expect(stored!.decision.rulesVersion).toBe(res.body.rulesVersion);
  });

  it('explains a rejection with a reason that names check, rule and evidence', async () => {
    const res = await post({ name: 'Bob', text: '\u200b\u200b   ' });
    expect(res.status).toBe(201);
    expect(res.body.decision).toBe('reject');
    expect(res.body.reasons[0]).toMatchObject({ check: 'validity', rule: 'validity.empty', action: 'reject', message: expect.any(String) });
  });

  it('returns the stored decision (200) for a repeated externalId, never a second copy', async () => {
    const body = { name: 'Cy', text: 'First version of my comment', externalId: 'ext-1' };
    const first = await post(body);
    const again = await post({ ...body, text: 'An edited retry that must not replace it' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await commentModel(t.conn).countDocuments({ site: 'news1', externalId: 'ext-1' })).toBe(1);
  });

  it('keeps one copy when the same externalId races', async () => {
    const body = { name: 'Dee', text: 'Racing comment body text', externalId: 'race-1' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await commentModel(t.conn).countDocuments({ site: 'news1', externalId: 'race-1' })).toBe(1);
  });

  it('treats the same externalId from two sites as two comments', async () => {
    const a = await post({ name: 'E', text: 'same id, other site', externalId: 'shared' }, 'news1');
    const b = await post({ name: 'E', text: 'same id, other site', externalId: 'shared' }, 'news2');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it.each([
    ['missing name', { text: 'hello' }, 'name'],
    ['missing text', { name: 'Ann' }, 'text'],
    ['empty text', { name: 'Ann', text: '   ' }, 'text'],
    ['oversized text', { name: 'Ann', text: 'x'.repeat(20_001) }, 'text'],
    ['oversized name', { name: 'n'.repeat(201), text: 'hello' }, 'name'],
    ['an operator object where a string belongs', { name: { $gt: '' }, text: 'hello' }, 'name'],
    ['an array where a string belongs', { name: 'Ann', text: ['a', 'b'] }, 'text'],
    ['a number where a string belongs', { name: 'Ann', text: 42 }, 'text'],
    ['a bad email', { name: 'Ann', text: 'hi', email: 'not-an-email' }, 'email'],
    ['a bad ip', { name: 'Ann', text: 'hi', ip: '999.1.1.1' }, 'ip'],
    ['an unknown field', { name: 'Ann', text: 'hi', $where: '1' }, 'body'],
  ])('answers 400 naming the field for %s', async (_label, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('answers 400 malformed_json for a broken body', async () => {
    const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).set('Content-Type', 'application/json').send('{"name": "Ann", "text": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'Ann', text: 'y'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).set('Content-Type', 'text/plain').send('name=Ann&text=hi');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('answers 401 without a key and with a wrong key', async () => {
    const none = await request(t.app).post('/v1/comments').send({ name: 'Ann', text: 'hi' });
    const wrong = await request(t.app).post('/v1/comments').set('Authorization', 'Bearer nope').send({ name: 'Ann', text: 'hi' });
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(none.body.error.code).toBe('missing_api_key');
    expect(wrong.body.error.code).toBe('invalid_api_key');
  });

  it('answers 503 with Retry-After and stores nothing when the database is unavailable', async () => {
    const closed = await connectDatabase({ uri: process.env.TEST_MONGODB_URI!, timeoutMs: 1000, writeConcern: '1', journal: false });
    await closed.close();
    const ring = new KeyRing<string>();
    ring.add('k', 'news1');
    const rules = loadRuleBook('rules');
    const app = buildApp({ store: storeFor(closed, 'mongodb'), logger: createLogger('silent'), bodyLimit: '64kb', rules: () => rules, siteKeys: ring });
    const res = await request(app).post('/v1/comments').set('Authorization', 'Bearer k').send({ name: 'Ann', text: 'lost?', externalId: 'down-1' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.error.code).toBe('database_unavailable');
    expect(await commentModel(t.conn).countDocuments({ externalId: 'down-1' })).toBe(0);
  });
});

describe('GET /v1/comments/:id', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('comments_get'); });
  afterAll(async () => { await t.close(); });

  it('returns the stored comment with its decision to its own site only', async () => {
    const created = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Ann', text: 'Mine', email: 'ann@example.org' });
    const own = await request(t.app).get(`/v1/comments/${created.body.id}`).set(t.auth('news1'));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: created.body.id, site: 'news1', name: 'Ann', text: 'Mine', email: 'ann@example.org', decision: 'approve', version: 1 });
    const other = await request(t.app).get(`/v1/comments/${created.body.id}`).set(t.auth('news2'));
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('comment_not_found');
  });

  it('answers 404 for ids that cannot exist', async () => {
    const res = await request(t.app).get('/v1/comments/..%2F..%2Fetc').set(t.auth('news1'));
    expect(res.status).toBe(404);
  });
});

describe('small things a site developer hits', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('comments_small', {}); });
  afterAll(async () => { await t.close(); });

  it('answers an empty JSON body with 400 invalid_request "body is empty", not a 415', async () => {
    for (const send of [(r: request.Test) => r, (r: request.Test) => r.send('')]) {
      const res = await send(request(t.app).post('/v1/comments').set(t.auth('news1')).set('Content-Type', 'application/json'));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(/body is empty/);
    }
  });

  it('names a problem with the whole body once', async () => {
    const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).set('Content-Type', 'application/json').send('[1, 2]');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body: /);
    expect(res.body.error.message).not.toMatch(/body: body/);
  });
});
