// Keys, secrets and full IP addresses never reach the logs, even at trace
// level and on failing requests: everything the service's logger writes
// during a run of requests is captured and searched.
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../src/logger';
import { startTestApp, type TestApp } from '../helpers/app';

const IP = '203.0.113.187';
const EMAIL = 'private.reader@example.org';

describe('logs', () => {
  let t: TestApp;
  let captured = '';
  const sink = new Writable({ write(chunk, _enc, cb) { captured += chunk.toString(); cb(); } });

  beforeAll(async () => {
    t = await startTestApp('security_logs', {
      moderators: [{ name: 'mod', role: 'admin' }],
      parts: { logger: createLogger('trace', sink) },
    });
  });
  afterAll(async () => { await t.close(); });

  it('never contain the site key, the moderator key, the IP or the email', async () => {
    const siteKey = t.keys.news1!;
    const moderatorKey = t.moderatorKeys.mod!;
    const created = await request(t.app).post('/v1/comments').set(t.auth('news1')).set('X-Forwarded-For', IP)
      .send({ name: 'Ann', text: 'Logged request', ip: IP, email: EMAIL });
    await request(t.app).get(`/v1/comments/${created.body.id}`).set(t.auth('news1'));
    await request(t.app).post('/v1/comments').set('Authorization', `Bearer ${siteKey}x`).send({ name: 'Ann', text: 'wrong key' });
    await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: { $gt: '' }, text: IP });
    await request(t.app).get('/v1/moderation/queue?status=approved').set(t.asModerator('mod'));
    await request(t.app).get(`/v1/moderation/comments/${created.body.id}`).set(t.asModerator('mod'));
    await request(t.app).post(`/v1/moderation/comments/${created.body.id}/actions`).set(t.asModerator('mod')).send({ action: 'hold', expectedVersion: 1 });
    await request(t.app).post('/1.1/comment-check').type('form')
      .send({ api_key: siteKey, blog: 'https://news1.example', user_ip: IP, comment_content: 'Akismet comment', comment_author_email: EMAIL });
    await request(t.app).post(`/v1alpha1/comments:analyze?key=${siteKey}`).send({ comment: { text: 'Perspective text' }, requestedAttributes: { TOXICITY: {} } });
    await request(t.app).post('/v1/rules/test').set(t.asModerator('mod')).send({ comment: { name: 'Ann', text: 'rules test', ip: IP } });
    await new Promise((r) => setImmediate(r));

    expect(captured.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(10);
    for (const secret of [siteKey, moderatorKey, IP, EMAIL]) expect(captured).not.toContain(secret);
  });
});
