// Comment text is data: stored and returned byte-identical, never evaluated,
// templated or formatted, and always served as JSON (never as a page).
import request from 'supertest';
import { commentModel } from '../../src/store/comment-model';
import { startTestApp, type TestApp } from '../helpers/app';

const PAYLOADS = [
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  '${{7*7}}',
  '{{7*7}}',
  "{{constructor.constructor('return process')().exit()}}",
  '#{7*7} <%= 7*7 %> ${7*7}',
  '%s %d %n %x %%',
  "'; DROP TABLE comments; --",
  '{"$where": "sleep(1000)"}',
  '$(rm -rf /) `id`',
  '\\u0000 and a real \u0000 NUL',
  'tab\there\r\nnewline and \u202e right-to-left',
  'emoji \u{1F600} and combining e\u0301',
];

describe('comment text is never interpreted', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('security_text', { moderators: [{ name: 'mod', role: 'viewer' }] }); });
  afterAll(async () => { await t.close(); });

  it.each(PAYLOADS)('stores and returns %j byte-identical, as JSON', async (payload) => {
    const created = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: payload, text: `Text: ${payload}` });
    expect(created.status).toBe(201);
    const stored = await commentModel(t.conn).findById(created.body.id).lean();
    expect([stored!.name, stored!.text]).toEqual([payload, `Text: ${payload}`]);

    const own = await request(t.app).get(`/v1/comments/${created.body.id}`).set(t.auth('news1'));
    expect(own.headers['content-type']).toMatch(/^application\/json/);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect([own.body.name, own.body.text]).toEqual([payload, `Text: ${payload}`]);
    // JSON escaping only: the raw bytes decode back to the same string.
    expect(JSON.parse(own.text).text).toBe(`Text: ${payload}`);

    const moderator = await request(t.app).get(`/v1/moderation/comments/${created.body.id}`).set(t.asModerator('mod'));
    expect(moderator.body.comment?.text ?? moderator.body.text).toBe(`Text: ${payload}`);
  });
});
