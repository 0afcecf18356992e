import request from 'supertest';
import { ServiceMetrics } from '../../src/api/observability/metrics';
import { startTestApp, type TestApp } from '../helpers/app';

describe('GET /metrics and request ids', () => {
  let t: TestApp;
  const metrics = new ServiceMetrics();
  beforeAll(async () => { t = await startTestApp('metrics', { parts: { metrics } }); });
  afterAll(async () => { await t.close(); });

  it('counts requests by route and status, decisions by action, reasons by rule, and the held queue', async () => {
    metrics.setRulesVersion('abc123');
    await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Ann', text: 'A calm remark about the budget' }).expect(201);
    await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Bob', text: 'oh shit' }).expect(201);
    await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Cy' }).expect(400);

    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.text;
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/v1\/comments",status="201"\} 2/);
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/v1\/comments",status="400"\} 1/);
    expect(text).toMatch(/moderation_decisions_total\{action="approve",source="api"\} 1/);
    expect(text).toMatch(/moderation_decisions_total\{action="hold",source="api"\} 1/);
    expect(text).toMatch(/moderation_reasons_total\{check="profanity",rule="profanity.mild",action="hold"\} 1/);
    expect(text).toMatch(/moderation_queue_length 1/);
    expect(text).toMatch(/rules_version_info\{version="abc123"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_bucket/);
  });

  it('gives every answer a request id, and keeps a well-formed one the client sent', async () => {
    const fresh = await request(t.app).get('/healthz');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(t.app).get('/healthz').set('X-Request-Id', 'client-req-12345');
    expect(kept.headers['x-request-id']).toBe('client-req-12345');
    const replaced = await request(t.app).get('/healthz').set('X-Request-Id', 'bad id\twith spaces');
    // A fresh UUID, not the text sent (a UUID's hex can itself spell "bad", so match the shape).
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
