// What the console needs from the service, without a browser: the page and
// its files under the strict CSP, nothing outside console/ reachable, and
// GET /v1/moderation/me answering for exactly the keys the moderation API accepts.
import request from 'supertest';
import { addModeratorKey } from '../../src/cli/keys';
import { startTestApp, type TestApp } from '../helpers/app';

describe('console files and GET /v1/moderation/me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('console_serving', { moderators: [{ name: 'mia', role: 'moderator', sites: ['news1'] }], parts: { moderation: { keyCacheMs: 0 } } });
  });
  afterAll(async () => { await t.close(); });

  it('serves the page at /console and /console/ with a CSP that allows no inline script or style', async () => {
    for (const route of ['/console', '/console/']) {
      const res = await request(t.app).get(route);
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('<script type="module" src="/console/js/main.js">');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
    }
  });

  it('serves the scripts and the stylesheet, and nothing outside the console folder', async () => {
    const script = await request(t.app).get('/console/js/main.js');
    expect(script.status).toBe(200);
    // Module scripts need a JavaScript type: helmet's nosniff makes the browser refuse anything else.
    expect(script.type).toBe('text/javascript');
    expect((await request(t.app).get('/console/console.css')).type).toBe('text/css');
    for (const outside of ['/console/../package.json', '/console/%2e%2e/package.json', '/console/js/../../README.md', '/console/missing.js']) {
      expect((await request(t.app).get(outside)).status).toBe(404);
    }
  });

  it('has no inline scripts, styles or event handler attributes in the page', async () => {
    const html = (await request(t.app).get('/console')).text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('names the moderator of a configured key, with role and sites', async () => {
    const res = await request(t.app).get('/v1/moderation/me').set(t.asModerator('mia'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'mia', role: 'moderator', sites: ['news1'] });
  });

  it('knows keys managed in the database, and stops knowing revoked ones', async () => {
    const key = await addModeratorKey(t.store, 'dora', 'viewer', null);
    const me = () => request(t.app).get('/v1/moderation/me').set({ Authorization: `Bearer ${key}` });
    expect((await me()).body).toEqual({ name: 'dora', role: 'viewer', sites: null });
    await t.store.moderatorKeys.revoke('dora', new Date());
    expect((await me()).status).toBe(401);
  });

  it('answers 401 to site keys, unknown keys and no key', async () => {
    for (const headers of [t.auth('news1'), { Authorization: 'Bearer not-a-key' }, {}]) {
      const res = await request(t.app).get('/v1/moderation/me').set(headers);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toMatch(/^(missing|invalid)_api_key$/);
    }
  });
});
