import request from 'supertest';
import { buildApp } from '../../src/app';
import { storeFor } from '../../src/store/store';
import { KeyRing } from '../../src/access/key-ring';
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
    const app = buildApp({ store: storeFor(other, 'mongodb'), logger: createLogger('silent'), bodyLimit: '64kb', rules: () => rules, siteKeys: new KeyRing() });
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

  it('documents the Akismet and Perspective endpoints, and defines every security scheme it names', async () => {
    const res = await request(t.app).get('/openapi.json');
    const paths = res.body.paths as Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining([
      '/1.1/verify-key', '/1.1/comment-check', '/1.1/submit-spam', '/1.1/submit-ham',
      '/v1alpha1/comments:analyze', '/v1alpha1/comments:suggestscore', '/v1/integrations/coral/{site}', '/v1/comments:check',
    ]));
    expect(Object.keys(paths['/v1/comments/{id}']!)).toEqual(expect.arrayContaining(['get', 'put']));
    const analyze = paths['/v1alpha1/comments:analyze']!.post as unknown as { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
    expect(analyze.requestBody.content['application/json']!.schema.required).toEqual(['comment']);
    const defined = Object.keys(res.body.components.securitySchemes);
    const named = new Set([...(res.body.security ?? []), ...Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.security ?? []))]
      .flatMap((requirement: Record<string, unknown>) => Object.keys(requirement)));
    expect(named.size).toBeGreaterThan(2);
    for (const name of named) expect(defined).toContain(name);
  });
});
