import request from 'supertest';
import { addModeratorKey } from '../../src/cli/keys';
import { startTestApp, type TestApp } from '../helpers/app';
import { postHeld } from '../helpers/moderation';

const moderators = [
  { name: 'vi', role: 'viewer' as const },
  { name: 'mo', role: 'moderator' as const },
  { name: 'ad', role: 'admin' as const },
];

type Route = { name: string; minRole: 'viewer' | 'moderator' | 'admin'; send: (auth: Record<string, string>) => PromiseLike<request.Response> };

describe('moderation roles', () => {
  let t: TestApp;
  let id: string;
  let routes: Route[];
  beforeAll(async () => {
    t = await startTestApp('moderation_access', { moderators, parts: { moderation: { keyCacheMs: 0 } } });
    id = await postHeld(t, 'news1');
    // Each action names a version no comment has, so allowed calls answer 409 and change nothing.
    routes = [
      { name: 'GET queue', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/queue').set(a) },
      { name: 'GET stats', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/stats').set(a) },
      { name: 'GET comment', minRole: 'viewer', send: (a) => request(t.app).get(`/v1/moderation/comments/${id}`).set(a) },
      { name: 'PUT presence', minRole: 'viewer', send: (a) => request(t.app).put(`/v1/moderation/comments/${id}/presence`).set(a) },
      { name: 'DELETE presence', minRole: 'viewer', send: (a) => request(t.app).delete(`/v1/moderation/comments/${id}/presence`).set(a) },
      { name: 'POST action', minRole: 'moderator', send: (a) => request(t.app).post(`/v1/moderation/comments/${id}/actions`).set(a).send({ action: 'approve', expectedVersion: 99 }) },
      { name: 'POST bulk actions', minRole: 'moderator', send: (a) => request(t.app).post('/v1/moderation/actions').set(a).send({ actions: [{ id, action: 'approve', expectedVersion: 99 }] }) },
      { name: 'GET reported', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/reported').set(a) },
      { name: 'GET appealed', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/appealed').set(a) },
      { name: 'GET notice counts', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/notices/counts').set(a) },
      { name: 'POST mute', minRole: 'moderator', send: (a) => request(t.app).post('/v1/moderation/reporters/mute').set(a).send({ site: 'news1', reporter: '0'.repeat(32), muted: false }) },
      // No appeal against version 99: an allowed call answers 409 like a lost race would, never a change.
      { name: 'POST appeal decision', minRole: 'moderator', send: async (a) => {
        const res = await request(t.app).post(`/v1/moderation/comments/${id}/appeal-decision`).set(a).send({ version: 99, outcome: 'uphold', code: 'spam' });
        return res.status === 404 && res.body.error.code === 'appeal_not_found' ? Object.assign(res, { status: 409 }) : res;
      } },
      { name: 'GET me', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/me').set(a) },
      // Policies: each allowed write sets what is already the default, so the matrix changes nothing that matters.
      { name: 'GET author', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/authors/news1/matrix-author').set(a) },
      { name: 'PUT author', minRole: 'moderator', send: (a) => request(t.app).put('/v1/moderation/authors/news1/matrix-author').set(a).send({ mode: 'normal' }) },
      { name: 'GET article', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/articles/news1/matrix-article').set(a) },
      { name: 'PUT article', minRole: 'moderator', send: (a) => request(t.app).put('/v1/moderation/articles/news1/matrix-article').set(a).send({ mode: 'open' }) },
      { name: 'GET site hold', minRole: 'viewer', send: (a) => request(t.app).get('/v1/moderation/sites/news1/hold').set(a) },
      { name: 'PUT site hold', minRole: 'moderator', send: (a) => request(t.app).put('/v1/moderation/sites/news1/hold').set(a).send({ holdAll: false }) },
      { name: 'GET deliveries', minRole: 'admin', send: (a) => request(t.app).get('/v1/moderation/webhooks/deliveries?site=news1').set(a) },
    ];
  });
  afterAll(async () => { await t.close(); });

  const rank = { viewer: 0, moderator: 1, admin: 2 } as const;

  it('answers 403 for every route above the role, and lets every other combination through', async () => {
    const seen: string[] = [];
    for (const route of routes) {
      for (const m of moderators) {
        const res = await route.send(t.asModerator(m.name));
        const allowed = rank[m.role] >= rank[route.minRole];
        seen.push(`${route.name} as ${m.role}: ${res.status}`);
        if (allowed) {
          expect([200, 204, 409]).toContain(res.status);
        } else {
          expect(res.status).toBe(403);
          expect(res.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining(route.minRole) });
        }
      }
    }
    expect(seen.filter((s) => s.endsWith('403'))).toEqual([
      'POST action as viewer: 403',
      'POST bulk actions as viewer: 403',
      'POST mute as viewer: 403',
      'POST appeal decision as viewer: 403',
      'PUT author as viewer: 403',
      'PUT article as viewer: 403',
      'PUT site hold as viewer: 403',
      'GET deliveries as viewer: 403',
      'GET deliveries as moderator: 403',
    ]);
  });

  it('keeps site keys and missing or unknown keys out of every moderation route (401)', async () => {
    for (const route of routes) {
      const site = await route.send(t.auth('news1'));
      const none = await route.send({});
      const wrong = await route.send({ Authorization: 'Bearer not-a-key' });
      expect([site.status, none.status, wrong.status]).toEqual([401, 401, 401]);
      expect(site.body.error.code).toBe('invalid_api_key');
      expect(none.body.error.code).toBe('missing_api_key');
    }
  });

  it('documents every moderation route in /openapi.json', async () => {
    const res = await request(t.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths).filter((p) => p.startsWith('/v1/moderation')).sort()).toEqual([
      '/v1/moderation/actions', '/v1/moderation/appealed', '/v1/moderation/articles/{site}/{articleId}',
      '/v1/moderation/authors/{site}/{authorId}', '/v1/moderation/comments/{id}',
      '/v1/moderation/comments/{id}/actions', '/v1/moderation/comments/{id}/appeal-decision', '/v1/moderation/comments/{id}/presence', '/v1/moderation/me',
      '/v1/moderation/notices/counts', '/v1/moderation/queue', '/v1/moderation/reported',
      '/v1/moderation/reporters/mute', '/v1/moderation/sites/{site}/hold', '/v1/moderation/stats',
      '/v1/moderation/webhooks/deliveries',
    ]);
    expect(res.body.paths['/v1/rules/test'].post.requestBody.content['application/json'].schema.required).toContain('comment');
    const limit = res.body.paths['/v1/moderation/queue'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { maximum: 200 } });
  });

  it('does not let a moderator key submit comments', async () => {
    const res = await request(t.app).post('/v1/comments').set(t.asModerator('ad')).send({ name: 'Ann', text: 'hello' });
    expect(res.status).toBe(401);
  });

  it('accepts a key added to the database while the app runs, and refuses it once revoked', async () => {
    const key = await addModeratorKey(t.store, 'dana', 'viewer', null);
    const auth = { Authorization: `Bearer ${key}` };
    expect((await request(t.app).get('/v1/moderation/stats').set(auth)).status).toBe(200);
    const act = await request(t.app).post(`/v1/moderation/comments/${id}/actions`).set(auth).send({ action: 'approve', expectedVersion: 1 });
    expect(act.status).toBe(403);
    expect(await t.store.moderatorKeys.revoke('dana', new Date())).toBe(1);
    const revoked = await request(t.app).get('/v1/moderation/stats').set(auth);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('invalid_api_key');
  });
});
