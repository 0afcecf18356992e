// One test per defect the fuzz suite found, so each stays fixed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { answerClientErrors } from '../../src/api/client-errors';
import { commentModel } from '../../src/store/comment-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { rawExchange } from './raw-socket';
import { closeAgent, sendCase } from './transport';

describe('defects found by fuzzing', () => {
  let t: TestApp;
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp('fuzz_regressions');
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    closeAgent();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  /** Bytes exactly as given: supertest would serialise a Buffer as JSON. */
  const postRaw = async (path: string, body: Buffer, headers: Record<string, string>) => {
    const a = await sendCase(port, { label: path, method: 'POST', path, headers, body, format: 'api' });
    const text = a.body.toString('utf8');
    return { status: a.status, headers: a.headers, body: /json/.test(String(a.headers['content-type'])) ? JSON.parse(text) : text };
  };
  const asJson = { 'Content-Type': 'application/json' };

  it('refuses invalid UTF-8 in a JSON body (it was decoded to U+FFFD and stored)', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"Ann","text":"bad '), Buffer.from([0xc3, 0x28]), Buffer.from('","externalId":"utf8-1"}')]);
    const res = await postRaw('/v1/comments', body, { ...t.auth('news1'), ...asJson });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_utf8');
    expect(await commentModel(t.conn).countDocuments({ externalId: 'utf8-1' })).toBe(0);
  });

  it('refuses an unpaired surrogate in a string field (it was stored as U+FFFD) and keeps paired ones', async () => {
    const lone = await postRaw('/v1/comments', Buffer.from('{"name":"Ann","text":"x \\ud800 y"}'), { ...t.auth('news1'), ...asJson });
    expect(lone.status).toBe(400);
    expect(lone.body.error.details.fields[0].field).toBe('text');
    const paired = await postRaw('/v1/comments', Buffer.from('{"name":"Ann","text":"x \\ud83d\\ude00 y"}'), { ...t.auth('news1'), ...asJson });
    expect(paired.status).toBe(201);
    const stored = await request(t.app).get(`/v1/comments/${paired.body.id}`).set(t.auth('news1'));
    expect(stored.body.text).toBe('x \u{1F600} y');
  });

  it.each(['gzip', 'deflate', 'br'])('answers 400 malformed_body for a %s body that does not inflate (was a bare "Bad Request")', async (encoding) => {
    const res = await postRaw('/v1/comments', Buffer.from('not compressed at all'), { ...t.auth('news1'), ...asJson, 'Content-Encoding': encoding });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_body');
  });

  it('still inflates a valid gzip body', async () => {
    const res = await postRaw('/v1/comments', gzipSync('{"name":"Ann","text":"compressed but fine"}'), { ...t.auth('news1'), ...asJson, 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(201);
  });

  it.each([
    ['an oversized body', Buffer.from(`api_key=k&comment_content=${'x'.repeat(70_000)}`), {}, 413],
    ['an unsupported charset', Buffer.from('api_key=k'), { 'Content-Type': 'application/x-www-form-urlencoded; charset=latin1' }, 415],
    ['garbage gzip', Buffer.from('garbage'), { 'Content-Encoding': 'gzip' }, 400],
  ])('answers Akismet in plain text with X-akismet-debug-help for %s (was the JSON error shape)', async (_label, body, headers, status) => {
    const res = await postRaw('/1.1/comment-check', body, { 'Content-Type': 'application/x-www-form-urlencoded', ...headers });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['x-akismet-debug-help']).toEqual(expect.any(String));
  });

  it.each([
    ['garbage gzip', Buffer.from('garbage'), { 'Content-Encoding': 'gzip' }, 400],
    ['an unsupported charset', Buffer.from('{}'), { 'Content-Type': 'application/json; charset=latin1' }, 415],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), {}, 400],
  ])("answers Perspective in Google's error shape for %s (was the service's shape)", async (_label, body, headers, status) => {
    const res = await postRaw(`/v1alpha1/comments:analyze?key=${t.keys.news1}`, body, { ...asJson, ...headers });
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual({ code: status, message: expect.any(String), status: 'INVALID_ARGUMENT' });
  });

  it('stores every one of many concurrent first comments sharing history keys (the losing upsert answered 500)', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      const text = `A brand new text nobody sent before ${round} ${Math.random()}`;
      const body = Buffer.from(JSON.stringify({ name: `Racer ${text}`, text }));
      const answers = await Promise.all(Array.from({ length: 16 }, () => postRaw('/v1/comments', body, { ...t.auth('news1'), ...asJson })));
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses).toEqual(Array(80).fill(201));
  });
});

describe('requests refused by the HTTP parser', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('ok'));
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

  it.each([
    ['headers over the size limit', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['garbage instead of HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400, 'malformed_http'],
  ])('answers %s in the documented error shape (was a bare status line)', async (_label, first, status, code) => {
    const outcome = await rawExchange(port, { first, giveUpMs: 5000 });
    expect(outcome.status).toBe(status);
    expect(JSON.parse(outcome.raw.slice(outcome.raw.indexOf('\r\n\r\n') + 4)).error.code).toBe(code);
  });
});
