// With personal data protected, no email or IP a reader sent is kept in any
// collection, by any endpoint, in plain text or as an unkeyed hash (a SHA-256
// of an IPv4 address is reversed by trying all 2^32 of them). Each endpoint
// is called with its own reader, then every document of every collection is
// searched for that reader's email and IP in every form the service has
// ever stored them.
import { createHash } from 'node:crypto';
import request from 'supertest';
import { identityFingerprint } from '../../src/moderation/fingerprint';
import { PersonalDataProtection, personalDataKey } from '../../src/service/personal-data';
import { setSiteWebhook } from '../../src/cli/sites';
import { commentModel } from '../../src/store/comment-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const KEY = 'personal-data-test-key-0123456789abcdef';
const moderators = [{ name: 'mod', role: 'moderator' as const }];
let serial = 0;

interface Reader { email: string; ip: string }
const newReader = (): Reader => {
  serial++;
  return { email: `Reader.${serial}.${Date.now()}@Example.org`, ip: `198.51.100.${serial}` };
};

/** Every stored form of a value the service has used: as sent, lower case, SHA-256 (with and without prefix), the history hash. */
function forms(value: string): string[] {
  const normal = value.trim().toLowerCase();
  const sha = createHash('sha256').update(normal).digest('hex');
  return [value, normal, sha, `sha256:${sha}`, identityFingerprint(value)];
}

async function everyDocument(t: TestApp): Promise<Array<{ collection: string; json: string }>> {
  const out: Array<{ collection: string; json: string }> = [];
  for (const { name } of await t.conn.db!.listCollections().toArray()) {
    for (const doc of await t.conn.db!.collection(name).find({}).toArray()) out.push({ collection: name, json: JSON.stringify(doc).toLowerCase() });
  }
  return out;
}

describe('personal data at rest with HASH_PERSONAL_DATA', () => {
  let t: TestApp;
  const protection = new PersonalDataProtection(KEY);
  beforeAll(async () => {
    t = await startTestApp('personal_data', { moderators, parts: { personalData: protection } });
    // A webhook, so moderation actions also write deliveries.
    await setSiteWebhook(t.store, 'news1', { url: 'https://news1.example.org/hooks', secret: 'whsec_0123456789abcdef', events: ['comment.decided', 'comment.moderated'] });
  });
  afterAll(async () => { await t.close(); });

  const form = (reader: Reader, extra: Record<string, string> = {}) => ({
    api_key: t.keys.news1, blog: 'https://news1.example', user_ip: reader.ip, comment_author: 'Ann',
    comment_author_email: reader.email, comment_content: `A comment about the bus timetable ${serial}`, ...extra,
  });

  const endpoints: Array<[string, (reader: Reader) => Promise<unknown>]> = [
    ['POST /v1/comments', (r) => request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Ann', text: `Plain words about the budget ${serial}`, email: r.email, ip: r.ip })],
    ['the same email and IP again (duplicate and flood history)', async (r) => {
      for (let i = 0; i < 3; i++) await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: `Ann ${i}`, text: `Again ${serial} ${i}`, email: r.email, ip: r.ip });
    }],
    ['Akismet comment-check', (r) => request(t.app).post('/1.1/comment-check').type('form').send(form(r))],
    ['Akismet comment-check with is_test', (r) => request(t.app).post('/1.1/comment-check').type('form').send(form(r, { is_test: '1' }))],
    ['Akismet submit-spam', (r) => request(t.app).post('/1.1/submit-spam').type('form').send(form(r))],
    ['Akismet submit-ham', (r) => request(t.app).post('/1.1/submit-ham').type('form').send(form(r))],
    ['Perspective analyze and suggestscore', async () => {
      await request(t.app).post(`/v1alpha1/comments:analyze?key=${t.keys.news1}`).send({ comment: { text: 'hello' }, requestedAttributes: { TOXICITY: {} } });
      await request(t.app).post(`/v1alpha1/comments:suggestscore?key=${t.keys.news1}`).send({ comment: { text: 'hello' }, attributeScores: { SPAM: { summaryScore: { value: 1 } } } });
    }],
    ['moderation actions, single and bulk', async (r) => {
      const held = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Bo', text: `Mail me at someone${serial}@example.net please`, email: r.email, ip: r.ip });
      expect(held.body.decision).toBe('hold');
      await request(t.app).post(`/v1/moderation/comments/${held.body.id}/actions`).set(t.asModerator('mod')).send({ action: 'reject', expectedVersion: 1, reason: 'spam' });
      await request(t.app).post('/v1/moderation/actions').set(t.asModerator('mod')).send({ actions: [{ id: held.body.id, action: 'approve', expectedVersion: 2 }] });
    }],
  ];

  it.each(endpoints)('%s: leaves no email or IP in any collection, in any form', async (_label, call) => {
    const reader = newReader();
    await call(reader);
    const needles = [...forms(reader.email), ...forms(reader.ip)].map((n) => n.toLowerCase());
    const found = (await everyDocument(t)).flatMap((d) => needles.filter((n) => d.json.includes(n)).map((n) => `${d.collection}: ${n}`));
    expect(found).toEqual([]);
  });

  it('stores keyed digests that a different key does not reproduce, and finds duplicates by them', async () => {
    const reader = newReader();
    const first = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Cy', text: 'Exactly this text, twice over', email: reader.email, ip: reader.ip });
    const doc = await commentModel(t.conn).findById(first.body.id).lean();
    expect(doc!.email).toBe(protection.digest(reader.email));
    expect(doc!.ip).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(new PersonalDataProtection(`${KEY}-other`).digest(reader.ip)).not.toBe(doc!.ip);
    // Same email, new name, same text: the duplicate rule still sees the email's history.
    const again = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Cy Two', text: 'Exactly this text, twice over', email: reader.email });
    expect(again.body.reasons.map((r: { rule: string }) => r.rule)).toEqual(expect.arrayContaining([expect.stringMatching(/^history\./)]));
  });
});

describe('the personal-data key', () => {
  it('is generated once and kept, readable by its owner only, on the embedded database', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pd-key-'));
    const key = personalDataKey(undefined, { embedded: true, dataDir: dir });
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(personalDataKey(undefined, { embedded: true, dataDir: dir })).toBe(key);
    expect(readFileSync(path.join(dir, 'personal-data-key'), 'utf8').trim()).toBe(key);
    expect(statSync(path.join(dir, 'personal-data-key')).mode & 0o077).toBe(0);
  });

  it('must be set by the operator with MONGODB_URI, and be long enough', () => {
    expect(() => personalDataKey(undefined, { embedded: false, dataDir: '/nonexistent' })).toThrow(/PERSONAL_DATA_KEY/);
    expect(personalDataKey(KEY, { embedded: false, dataDir: '/nonexistent' })).toBe(KEY);
    expect(() => new PersonalDataProtection('short')).toThrow(/32 characters/);
  });
});
