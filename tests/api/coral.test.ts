// Coral's external moderation phase, called exactly as Coral's server calls it:
// the body is JSON.stringify(request, null, 2), and X-Coral-Signature holds one
// `sha256=<hex>` HMAC of those raw bytes per active signing secret, joined by
// commas (two while a secret is rolled).
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';

const SECRET = 'coral-phase-secret-one-0123';
const NEXT_SECRET = 'coral-phase-secret-two-4567';

let counter = 0;
function coralRequest(body: string, over: { action?: 'NEW' | 'EDIT'; author?: string; story?: string; parentID?: string | null } = {}) {
  return {
    action: over.action ?? 'NEW',
    comment: { body, parentID: over.parentID ?? null },
    author: { id: over.author ?? `baf4e943-3594-4fcc-b2ba-${String(++counter).padStart(12, '0')}`, role: 'COMMENTER' },
    story: { id: over.story ?? '245b3856-b0a0-4d2f-a6bb-58c71f18d6a6', url: 'http://localhost:1313/posts/a-story-url/' },
    site: { id: 'a4bede88-2d2c-4424-bc18-4322a9e285a6' },
    tenantID: '19ba5794-7eeb-4d46-a81b-c00c61672501',
    tenantDomain: 'localhost',
  };
}

/** As Coral's generateFetchOptions and generateSignatures build the request. */
function signedByCoral(data: object, secrets: string[]): { body: string; signature: string } {
  const body = JSON.stringify(data, null, 2);
  const signature = secrets.map((s) => `sha256=${createHmac('sha256', s).update(body).digest('hex')}`).join(',');
  return { body, signature };
}

/** Coral validates the answer: only status and FLAG actions with its two reasons. */
function expectCoralShape(answer: Record<string, any>): void {
  expect(Object.keys(answer).every((k) => ['status', 'actions'].includes(k))).toBe(true);
  expect(['APPROVED', 'REJECTED', 'PREMOD', 'SYSTEM_WITHHELD']).toContain(answer.status);
  for (const a of answer.actions ?? []) expect(['COMMENT_DETECTED_TOXIC', 'COMMENT_DETECTED_SPAM']).toContain(a.reason);
  for (const a of answer.actions ?? []) expect(a.actionType).toBe('FLAG');
}

describe('Coral external moderation phase', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('coral_phase');
    await t.store.sites.setCoralSecrets('news1', [SECRET]);
  });
  afterAll(async () => { await t.close(); });

  const call = (site: string, signed: { body: string; signature?: string }) => {
    const req = request(t.app).post(`/v1/integrations/coral/${site}`).set('Content-Type', 'application/json').set('User-Agent', 'Coral Moderation/8.0.0');
    if (signed.signature !== undefined) req.set('X-Coral-Signature', signed.signature);
    return req.send(signed.body);
  };

  it('approves a calm comment and stores it with Coral\'s ids', async () => {
    const data = coralRequest('The council meeting on the new library was well attended.');
    const res = await call('news1', signedByCoral(data, [SECRET]));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'APPROVED' });
    const [entry] = await t.store.authors.latest('news1', data.author.id, 5);
    const doc = (await t.store.comments.byId(entry!.commentId))!;
    expect(doc).toMatchObject({ source: 'coral', site: 'news1', authorId: data.author.id, articleId: data.story.id, articleUrl: data.story.url, status: 'approve' });
    expect(doc.coral).toEqual({ tenantId: data.tenantID, tenantDomain: 'localhost', siteId: data.site.id, storyId: data.story.id, authorRole: 'COMMENTER' });
  });

  it('withholds spam with a flag, rejects dehumanisation with a flag, and holds a pre-moderated author as PREMOD', async () => {
    const spam = await call('news1', signedByCoral(coralRequest(`Great article, write to me at coral.${Date.now()}@example.org to talk more`), [SECRET]));
    expectCoralShape(spam.body);
    expect(spam.body).toEqual({ status: 'SYSTEM_WITHHELD', actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_SPAM' }] });

    const hate = await call('news1', signedByCoral(coralRequest('Immigrants are vermin.'), [SECRET]));
    expectCoralShape(hate.body);
    expect(hate.body.status).toBe('REJECTED');
    expect(hate.body.actions).toContainEqual({ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' });

    const author = 'premod-author-1';
    await t.store.authors.setPolicy({ _id: `news1|${author}`, site: 'news1', authorId: author, mode: 'premod', until: null, notes: '', updatedAt: new Date(), updatedBy: 'mo' });
    const held = await call('news1', signedByCoral(coralRequest('A calm note about the opening hours.', { author }), [SECRET]));
    expect(held.body).toEqual({ status: 'PREMOD' });
  });

  it('maps EDIT onto an edit of the author\'s comment on that story, judged again', async () => {
    const author = 'edit-author-1';
    const story = 'story-edit-1';
    expect((await call('news1', signedByCoral(coralRequest('A calm first draft about the park.', { author, story }), [SECRET]))).body).toEqual({ status: 'APPROVED' });
    const edited = await call('news1', signedByCoral(coralRequest(`Now: write to me at edit.${Date.now()}@example.org`, { author, story, action: 'EDIT' }), [SECRET]));
    expect(edited.body.status).toBe('SYSTEM_WITHHELD');
    const entries = await t.store.authors.latest('news1', author, 5);
    expect(entries).toHaveLength(1);
    const doc = (await t.store.comments.byId(entries[0]!.commentId))!;
    expect(doc).toMatchObject({ version: 2, status: 'hold' });
    expect(entries[0]!.status).toBe('hold');
  });

  it('accepts either signature while a secret is rolled, and refuses missing, wrong or re-serialised ones', async () => {
    const data = coralRequest('Rolling secrets is routine.');
    // Coral signs with both secrets while the old one is kept active; the site still has only the old one, then only the new.
    expect((await call('news1', signedByCoral(data, [SECRET, NEXT_SECRET]))).status).toBe(200);
    await t.store.sites.setCoralSecrets('news1', [NEXT_SECRET]);
    try {
      expect((await call('news1', signedByCoral(coralRequest('Rolling, second half.'), [SECRET, NEXT_SECRET]))).status).toBe(200);
      const onlyOld = await call('news1', signedByCoral(coralRequest('Old secret alone.'), [SECRET]));
      expect(onlyOld.status).toBe(401);
      expect(onlyOld.body.error.code).toBe('invalid_signature');
    } finally {
      await t.store.sites.setCoralSecrets('news1', [SECRET]);
    }

    const signed = signedByCoral(coralRequest('Signed once.'), [SECRET]);
    const missing = await call('news1', { body: signed.body });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('missing_signature');
    // The same JSON without Coral's pretty-printing is other bytes: the signature is over the raw body.
    expect((await call('news1', { body: JSON.stringify(JSON.parse(signed.body)), signature: signed.signature })).status).toBe(401);
    expect((await call('news1', { body: signed.body, signature: 'sha256=00' })).status).toBe(401);
    // A site with no secret set, and a name that is no site.
    expect((await call('news2', signedByCoral(coralRequest('x'), [SECRET]))).status).toBe(401);
    expect((await call('no|site', signedByCoral(coralRequest('x'), [SECRET]))).status).toBe(401);
  });

  it('answers a signed but malformed request with a 400', async () => {
    const bad = await call('news1', signedByCoral({ action: 'DELETE', comment: {} }, [SECRET]));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const notJson = await call('news1', { body: 'not json', signature: `sha256=${createHmac('sha256', SECRET).update('not json').digest('hex')}` });
    expect(notJson.status).toBe(400);
  });
});
