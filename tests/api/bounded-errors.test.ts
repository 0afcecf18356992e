// Errors stay small and specific, whatever the request: an out-of-range
// cursor is a 400 like any other bad cursor, and a body or query with
// thousands of unknown keys gets an error naming a few of them.
import request from 'supertest';
import { ERROR_ECHO } from '../../src/api/errors';
import { encodeCursor } from '../../src/api/moderation-cursor';
import { startTestApp, type TestApp } from '../helpers/app';

const moderators = [{ name: 'mod', role: 'moderator' as const }];
const cursorOf = (raw: unknown) => Buffer.from(JSON.stringify(raw)).toString('base64url');

describe('bounded errors', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('bounded_errors', { moderators }); });
  afterAll(async () => { await t.close(); });

  it.each([
    ['a time past the last date there is', cursorOf([9e15, 'abc'])],
    ['a time far past it', cursorOf([Number.MAX_SAFE_INTEGER, 'abc'])],
    ['a negative time', cursorOf([-1, 'abc'])],
    ['a fractional time', cursorOf([1.5, 'abc'])],
    ['not base64 JSON', '!!!'],
  ])('answers 400 invalid_cursor for %s', async (_label, cursor) => {
    const res = await request(t.app).get('/v1/moderation/queue').query({ cursor }).set(t.asModerator('mod'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_cursor');
  });

  it('still accepts the last date there is', async () => {
    const res = await request(t.app).get('/v1/moderation/queue').query({ cursor: encodeCursor({ createdAt: new Date(8.64e15), id: 'abc' }) }).set(t.asModerator('mod'));
    expect(res.status).toBe(200);
  });

  it('names a bounded number of 6,000 unknown keys in a body', async () => {
    const body: Record<string, unknown> = { name: 'Ann', text: 'Hello' };
    for (let i = 0; i < 6000; i++) body[`k${i}`] = 1;
    const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.text.length).toBeLessThan(2000);
    const issue = res.body.error.details.fields[0];
    expect(issue).toMatchObject({ problem: 'unrecognized_keys', keyCount: 6000 });
    expect(issue.keys).toHaveLength(ERROR_ECHO.keys);
    expect(issue.message).toBe(`6000 unknown keys: ${issue.keys.map((k: string) => JSON.stringify(k)).join(', ')} and 5990 more`);
  });

  it('cuts a long unknown key and a long unknown query parameter short', async () => {
    const key = 'k'.repeat(50_000);
    const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Ann', text: 'Hello', [key]: 1 });
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(1000);
    const query = await request(t.app).get('/v1/moderation/queue').query({ [key.slice(0, 5000)]: 'x' }).set(t.asModerator('mod'));
    expect(query.status).toBe(400);
    expect(query.text.length).toBeLessThan(1000);
  });

  it('lists a bounded number of issues', async () => {
    const actions = Array.from({ length: 100 }, () => ({ id: 1, action: 'nope', expectedVersion: 'x' }));
    const res = await request(t.app).post('/v1/moderation/actions').set(t.asModerator('mod')).send({ actions });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toHaveLength(ERROR_ECHO.issues);
    expect(res.body.error.details.moreIssues).toBe(280);
  });

  it('does not repeat a long attribute name back in a Perspective error', async () => {
    const res = await request(t.app).post(`/v1alpha1/comments:analyze?key=${t.keys.news1}`)
      .send({ comment: { text: 'hello' }, requestedAttributes: { ['X'.repeat(40_000)]: {} } });
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(1000);
  });
});
