import request from 'supertest';
import { buildApp } from '../../src/app';
import { KeyRing } from '../../src/api/key-ring';
import { createLogger } from '../../src/logger';
import { connectDatabase } from '../../src/db/connect';
import { loadRuleBook } from '../../src/ruleset/loader';
import { startTestApp, type TestApp } from '../helpers/app';

describe('GET /healthz', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('health'); });
  afterAll(async () => { await t.close(); });

  it('answers 200 with db up while the database answers', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
  });

  it('answers 503 with db down when the connection is closed', async () => {
    const other = await connectDatabase({ uri: process.env.TEST_MONGODB_URI!, timeoutMs: 2000, writeConcern: '1', journal: false });
    await other.close();
    const rules = loadRuleBook('rules');
    const app = buildApp({ conn: other, logger: createLogger('silent'), bodyLimit: '64kb', rules: () => rules, siteKeys: new KeyRing() });
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body.db).toBe('down');
  });

  it('answers unknown routes with the documented error shape', async () => {
    const res = await request(t.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('serves an OpenAPI description generated from the schemas', async () => {
    const res = await request(t.app).get('/openapi.json');
    expect(res.status).toBe(200);
    const post = res.body.paths['/v1/comments'].post;
    const schema = post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'text']));
    expect(schema.properties.text.maxLength).toBe(20000);
  });
});
