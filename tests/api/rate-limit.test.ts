// Rate limits per key: a token bucket per site key and per moderator key.
// The bucket is tested with an injected clock (refill), the HTTP layer with a
// tiny limit (429, Retry-After, error shape, other keys unaffected).
import request from 'supertest';
import { RateLimiter } from '../../src/api/rate-limit';
import { startTestApp, type TestApp } from '../helpers/app';

describe('RateLimiter', () => {
  it('allows the limit, then says how long to wait, and refills continuously', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(20); // 3 per minute: one token every 20 s
    now += 10_000;
    expect(limiter.take('a')).toBe(10);
    now += 10_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('keeps one bucket per key', () => {
    const limiter = new RateLimiter(1, () => 0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    expect(limiter.take('b')).toBe(0);
  });

  it('stays bounded without ever resetting a key: an exhausted bucket outlives many new keys', () => {
    const now = 5_000_000;
    const limiter = new RateLimiter(3, () => now, 100);
    for (let i = 0; i < 3; i++) limiter.take('exhausted');
    expect(limiter.take('exhausted')).toBeGreaterThan(0);
    // 1,000 new keys in the same instant, each used once: the map holds 100, and the exhausted one stays.
    for (let i = 0; i < 1000; i++) expect(limiter.take(`guess-${i}`)).toBe(0);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.take('exhausted')).toBeGreaterThan(0);
    expect(limiter.wait('exhausted')).toBeGreaterThan(0);
  });

  it('drops refilled buckets first when full, which loses nothing', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now, 3);
    limiter.take('old');
    now += 60_000; // 'old' has refilled
    limiter.take('a');
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.size).toBe(3);
    // 'a' used its two and was not dropped for 'c': 'old' was.
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('never refills beyond the limit', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    now += 3_600_000;
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });
});

describe('rate limits over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('rate_limit', {
      sites: ['news1', 'news2', 'news3', 'news4'],
      moderators: [{ name: 'm1', role: 'viewer' }, { name: 'm2', role: 'viewer' }],
      parts: { rateLimits: { sitePerMinute: 2, moderatorPerMinute: 2 } },
    });
  });
  afterAll(async () => { await t.close(); });

  const post = (site: string) => request(t.app).post('/v1/comments').set(t.auth(site)).send({ name: 'Ann', text: 'rate limited?' });
  const queue = (name: string) => request(t.app).get('/v1/moderation/queue').set(t.asModerator(name));

  it('answers 429 with Retry-After and the error shape once a site key is over its limit; other keys are unaffected', async () => {
    expect([(await post('news1')).status, (await post('news1')).status]).toEqual([201, 201]);
    const limited = await post('news1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', message: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } });
    expect((await post('news2')).status).toBe(201);
    expect((await queue('m1')).status).toBe(200);
  });

  it('counts Akismet and Perspective calls in the same bucket as the site\'s own API, in each API\'s error form', async () => {
    const akismet = (site: string) =>
      request(t.app).post('/1.1/comment-check').type('form')
        .send({ api_key: t.keys[site], blog: 'https://news.example', user_ip: '203.0.113.9', comment_author: 'Bo', comment_content: `A comment through the Akismet API for ${site}.` });
    const analyze = (site: string) =>
      request(t.app).post(`/v1alpha1/comments:analyze?key=${encodeURIComponent(t.keys[site]!)}`)
        .send({ comment: { text: 'rate limited?' }, requestedAttributes: { TOXICITY: {} } });

    // news3: one comment through our API and one through Akismet use up its two.
    expect((await post('news3')).status).toBe(201);
    const allowed = await akismet('news3');
    expect([allowed.status, allowed.text]).toEqual([200, 'false']);
    const limitedAkismet = await akismet('news3');
    expect(limitedAkismet.status).toBe(429);
    expect(limitedAkismet.text).toBe('rate limited');
    expect(Number(limitedAkismet.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limitedAkismet.headers['x-akismet-debug-help']).toMatch(/too many requests/i);
    const limitedPerspective = await analyze('news3');
    expect(limitedPerspective.status).toBe(429);
    expect(limitedPerspective.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(Number(limitedPerspective.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await post('news3')).status).toBe(429);

    // news4: Perspective first, then our API shares what is left.
    expect((await analyze('news4')).status).toBe(200);
    expect((await post('news4')).status).toBe(201);
    expect((await analyze('news4')).status).toBe(429);
  });

  it('limits each moderator key on its own', async () => {
    expect((await queue('m2')).status).toBe(200);
    expect((await queue('m2')).status).toBe(200);
    const limited = await queue('m2');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await queue('m1')).status).toBe(200);
  });
});
