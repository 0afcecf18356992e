// The Akismet-compatible endpoints driven by a real Akismet client
// (akismet-api), against a real listening server and a real database.
import dns from 'node:dns';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { AkismetClient } from 'akismet-api';
import request from 'supertest';
import { commentModel } from '../../src/store/comment-model';
import { feedbackModel } from '../../src/store/feedback-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { youtubeRow } from './compat-corpus';

// akismet-api sends comment-check to http://KEY.<host>/1.1/..., Akismet's
// classic key-in-host scheme. RFC 6761 reserves *.localhost for loopback, but
// the C resolver here does not know that, so this test process resolves those
// names itself; the client is left as it is.
const systemLookup = dns.lookup;
function loopbackLookup(hostname: string, options: unknown, callback?: unknown): void {
  const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
  const opts = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean };
  if (!/(^|\.)localhost$/i.test(hostname)) return (systemLookup as (...args: unknown[]) => void)(hostname, options, callback);
  process.nextTick(() => (opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)));
}

// Real rows of the YouTube Spam Collection: spam the default rules catch today
// (self-promotion, a bare link), and ordinary ham.
const SPAM_IDS = ['z12rw1o4zvidhdthz04cixxjssq5wzsrlpk0k', 'z13xizvwrki2hf2ev22txvrp2ovcyf3zq04', 'z12is34ysrzoy3uwl04cctlxmrekjfuhvig'];
const HAM_IDS = ['z13cwrzyolf1zh4v023ctteams25hldf5', 'z12ag5uwdzrajx1yp04chp1r2sa5ubugez00k'];

describe('Akismet-compatible endpoints', () => {
  let t: TestApp;
  let server: Server;
  let host: string;
  const client = (key: string) => new AkismetClient({ key, blog: 'https://news1.example', host, protocol: 'http' });
  const reader = { ip: '203.0.113.7', useragent: 'Mozilla/5.0 (X11; Linux x86_64)', permalink: 'https://news1.example/2024/budget', email: 'reader@example.org' };

  beforeAll(async () => {
    (dns as { lookup: unknown }).lookup = loopbackLookup;
    t = await startTestApp('compat_akismet');
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    host = `localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
    (dns as { lookup: unknown }).lookup = systemLookup;
  });

  it('verifies a site key and refuses any other', async () => {
    await expect(client(t.keys.news1!).verifyKey()).resolves.toBe(true);
    await expect(client('not-a-site-key').verifyKey()).resolves.toBe(false);
  });

  it.each(SPAM_IDS)('answers true for YouTube spam row %s and stores it for the moderation queue', async (id) => {
    const row = youtubeRow(id);
    expect(row.spam).toBe(true);
    const isSpam = await client(t.keys.news1!).checkSpam({ ...reader, name: row.author, content: row.text, type: 'comment' });
    expect(isSpam).toBe(true);
    const stored = await commentModel(t.conn).findOne({ source: 'akismet', text: row.text }).lean();
    expect(stored).toMatchObject({ site: 'news1', name: row.author, ip: reader.ip, userAgent: reader.useragent, articleUrl: reader.permalink, email: reader.email });
    expect(stored!.status).not.toBe('approve');
  });

  it.each(HAM_IDS)('answers false for YouTube ham row %s', async (id) => {
    const row = youtubeRow(id);
    expect(row.spam).toBe(false);
    const isSpam = await client(t.keys.news1!).checkSpam({ ...reader, name: row.author, content: row.text });
    expect(isSpam).toBe(false);
    const stored = await commentModel(t.conn).findOne({ source: 'akismet', text: row.text }).lean();
    expect(stored).toMatchObject({ site: 'news1', status: 'approve' });
  });

  it('records submit-spam and submit-ham as moderator feedback', async () => {
    const spam = youtubeRow(SPAM_IDS[0]!);
    const ham = youtubeRow(HAM_IDS[0]!);
    await client(t.keys.news2!).submitSpam({ ...reader, name: spam.author, content: spam.text });
    await client(t.keys.news2!).submitHam({ ...reader, name: ham.author, content: ham.text });
    const feedback = await feedbackModel(t.conn).find({ site: 'news2' }).sort({ createdAt: 1 }).lean();
    expect(feedback.map((f) => [f.label, f.text, f.name, f.source])).toEqual([
      ['spam', spam.text, spam.author, 'akismet'],
      ['ham', ham.text, ham.author, 'akismet'],
    ]);
  });

  it("answers Akismet's thank-you text to feedback", async () => {
    const res = await request(t.app).post('/1.1/submit-ham').type('form')
      .send({ api_key: t.keys.news1, blog: 'https://news1.example', user_ip: '203.0.113.8', comment_content: 'Not spam at all.' });
    expect(res.text).toBe('Thanks for making the web a better place.');
  });

  it('takes the key from the api_key field, and refuses a bad one in Akismet\'s error form', async () => {
    const form = { blog: 'https://news1.example', user_ip: '203.0.113.9', comment_author: 'Ann', comment_content: 'The council should publish the full budget.' };
    const ok = await request(t.app).post('/1.1/comment-check').type('form').send({ ...form, api_key: t.keys.news1 });
    expect([ok.status, ok.text]).toEqual([200, 'false']);
    const bad = await request(t.app).post('/1.1/comment-check').type('form').send({ ...form, api_key: 'wrong' });
    expect([bad.status, bad.text]).toEqual([200, 'invalid']);
    expect(bad.headers['x-akismet-debug-help']).toMatch(/API key/);
    await expect(client('wrong').checkSpam({ ...reader, content: 'hello there' })).rejects.toThrow('Invalid API key');
  });

  it('names a missing required field in the body and X-akismet-debug-help', async () => {
    const res = await request(t.app).post('/1.1/comment-check').type('form')
      .send({ api_key: t.keys.news1, blog: 'https://news1.example', comment_content: 'No IP address sent.' });
    expect(res.text).toBe('Missing required field: user_ip.');
    expect(res.headers['x-akismet-debug-help']).toBe('Empty "user_ip" value');
    await expect(client(t.keys.news1!).checkSpam({ user_ip: '', content: 'hello' } as never)).rejects.toThrow('Empty "user_ip" value');
  });

  it('adds X-akismet-pro-tip: discard when the decision is reject', async () => {
    const form = { api_key: t.keys.news1, blog: 'https://news1.example', user_ip: '203.0.113.10' };
    const rejected = await request(t.app).post('/1.1/comment-check').type('form')
      .send({ ...form, comment_content: 'See my photos at https://grabify.link/ABC123 now' });
    expect(rejected.text).toBe('true');
    expect(rejected.headers['x-akismet-pro-tip']).toBe('discard');
    // Mild swearing is held for a moderator, never rejected: "true" without the discard tip.
    const held = await request(t.app).post('/1.1/comment-check').type('form')
      .send({ ...form, comment_content: 'oh shit' });
    expect(held.text).toBe('true');
    expect(held.headers['x-akismet-pro-tip']).toBeUndefined();
  });

  it('judges is_test calls without storing them', async () => {
    const text = 'A test submission that must stay out of the queue. https://grabify.link/T35T';
    const res = await request(t.app).post('/1.1/comment-check').type('form')
      .send({ api_key: t.keys.news1, blog: 'https://news1.example', user_ip: '203.0.113.11', comment_content: text, is_test: '1' });
    expect(res.text).toBe('true');
    expect(await commentModel(t.conn).countDocuments({ text })).toBe(0);
  });

  it('names an author-less comment "anonymous" and reads blog_lang', async () => {
    const text = 'Thank you for the clear reporting on the bridge works.';
    await request(t.app).post('/1.1/comment-check').type('form')
      .send({ api_key: t.keys.news1, blog: 'https://news1.example', user_ip: '203.0.113.12', comment_content: text, blog_lang: 'en_gb, fr' });
    expect(await commentModel(t.conn).findOne({ text }).lean()).toMatchObject({ name: 'anonymous', language: 'en-gb', source: 'akismet' });
  });
});
