// Security headers on every answer, CORS off unless an origin is configured,
// and size limits on headers (431) and bodies (413) in the error shape.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { answerClientErrors } from '../../src/api/client-errors';
import { rawExchange } from '../fuzz/raw-socket';
import { startTestApp, type TestApp } from '../helpers/app';

describe('security headers, CORS and size limits', () => {
  let t: TestApp;
  let withCors: TestApp;
  beforeAll(async () => {
    t = await startTestApp('security_headers');
    withCors = await startTestApp('security_cors', { parts: { corsOrigins: ['https://news1.example'] } });
  });
  afterAll(async () => {
    await t.close();
    await withCors.close();
  });

  it('asks browsers to upgrade to https only for a page that came over https', async () => {
    expect((await request(t.app).get('/console')).headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const behindProxy = await startTestApp('security_proxy', { parts: { trustProxy: 'loopback' } });
    try {
      const viaHttps = await request(behindProxy.app).get('/console').set('X-Forwarded-Proto', 'https');
      expect(viaHttps.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      const viaHttp = await request(behindProxy.app).get('/console').set('X-Forwarded-Proto', 'http');
      expect(viaHttp.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    } finally {
      await behindProxy.close();
    }
  });

  it.each([['/healthz'], ['/v1/comments/none'], ['/no/such/route']])('sets helmet headers on %s', async (path) => {
    const res = await request(t.app).get(path).set(t.auth('news1'));
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sends no CORS headers by default, for any origin, preflight included', async () => {
    const simple = await request(t.app).get('/healthz').set('Origin', 'https://news1.example');
    const preflight = await request(t.app).options('/v1/comments').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('allows exactly the configured origins', async () => {
    const allowed = await request(withCors.app).options('/v1/comments').set('Origin', 'https://news1.example').set('Access-Control-Request-Method', 'POST');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://news1.example');
    expect(allowed.headers.vary).toContain('Origin');
    for (const origin of ['https://evil.example', 'https://news1.example.evil.example', 'null', 'https://NEWS1.example']) {
      const res = await request(withCors.app).get('/healthz').set('Origin', origin);
      expect([origin, res.headers['access-control-allow-origin']]).toEqual([origin, undefined]);
    }
  });

  it('answers 413 body_too_large for a body over the limit', async () => {
    const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).set('Content-Type', 'application/json').send(JSON.stringify({ name: 'A', text: 'z'.repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });

  it('answers 431 headers_too_large for headers over the limit, on a listening server', async () => {
    const server = http.createServer(t.app);
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const outcome = await rawExchange((server.address() as AddressInfo).port, {
        first: `GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: ${'c'.repeat(20_000)}\r\n\r\n`, giveUpMs: 5000,
      });
      expect(outcome.status).toBe(431);
      expect(JSON.parse(outcome.raw.slice(outcome.raw.indexOf('\r\n\r\n') + 4)).error.code).toBe('headers_too_large');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
