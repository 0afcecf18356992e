// /metrics and /v1/moderation/stats read the database at most once per few
// seconds, however often they are asked: each scrape used to start a query
// (a helper process on the embedded database), and 400 scrapes at a
// concurrency of 100 slowed ordinary posts from 20 ms to 3 s. /metrics may
// require a token, is limited per client address, and can have a listener
// of its own.
import request from 'supertest';
import { ServiceMetrics } from '../../src/api/observability/metrics';
import { ModerationCounts, type StatusCount } from '../../src/service/moderation-counts';
import { commentModel } from '../../src/store/comment-model';
import { embeddedTestIndex, startTestApp, type TestApp } from '../helpers/app';
import { postHeld } from '../helpers/moderation';
import { startTestService } from '../helpers/service';

const TOKEN = 'metrics-token-0123456789';

describe('counts for /metrics and the stats', () => {
  let t: TestApp;
  let clock = 1_000_000;
  let queries = 0;
  const metrics = new ServiceMetrics();
  let counts: ModerationCounts;
  beforeAll(async () => {
    t = await startTestApp('metrics_access', {
      moderators: [{ name: 'mod', role: 'viewer' }],
      parts: { metrics, moderation: { countsMaxAgeMs: 5000 }, metricsAccess: { token: TOKEN, perMinute: 1000 } },
      // The counts are made below, on this file's database: the real query, counted, with a clock the test moves.
      beforeBuild: (store) => {
        const real: () => Promise<StatusCount[]> = () => store.comments.countsBySiteStatus();
        counts = new ModerationCounts(async () => { queries++; return real(); }, () => clock);
        return { moderationCounts: counts };
      },
    });
  });
  afterAll(async () => { await t.close(); });

  const scrape = () => request(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
  const held = (text: string) => Number(/^moderation_queue_length (\S+)$/m.exec(text)?.[1]);

  it('answers 200 scrapes and 50 stats requests, concurrent and one after another, with one query', async () => {
    await postHeld(t, 'news1');
    queries = 0;
    const answers = await Promise.all([
      ...Array.from({ length: 100 }, () => scrape()),
      ...Array.from({ length: 50 }, () => request(t.app).get('/v1/moderation/stats').set(t.asModerator('mod'))),
    ]);
    for (let i = 0; i < 100; i++) answers.push(await scrape());
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(held(answers[0]!.text)).toBe(1);
    expect(answers[100]!.body.total.held).toBe(1);
    expect(queries).toBe(1);
  });

  it('refreshes in the background once the counts are older than their age, never in a scrape', async () => {
    await postHeld(t, 'news1');
    clock += 5001;
    queries = 0;
    // The scrape answers with what it has, and starts one refresh.
    const stale = await scrape();
    expect(held(stale.text)).toBe(1);
    await scrape();
    await counts.settled();
    expect(queries).toBe(1);
    expect(held((await scrape()).text)).toBe(2);
    expect(queries).toBe(1);
  });

  it('requires the token when one is set', async () => {
    expect((await request(t.app).get('/metrics')).status).toBe(401);
    expect((await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456')).body.error.code).toBe('invalid_api_key');
    expect((await scrape()).status).toBe(200);
  });
});

describe('/metrics limits and listener', () => {
  it('limits scrapes per client address and counts wrong tokens as failed authentication', async () => {
    const t = await startTestApp('metrics_limits', {
      parts: { metricsAccess: { token: TOKEN, perMinute: 3 }, rateLimits: { sitePerMinute: 100, moderatorPerMinute: 100, authFailuresPerMinute: 2 }, trustProxy: 'loopback' },
    });
    try {
      const from = (client: string, token = TOKEN) => request(t.app).get('/metrics').set('X-Forwarded-For', client).set('Authorization', `Bearer ${token}`);
      expect([(await from('192.0.2.1')).status, (await from('192.0.2.1')).status, (await from('192.0.2.1')).status]).toEqual([200, 200, 200]);
      const limited = await from('192.0.2.1');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect((await from('192.0.2.2')).status).toBe(200);
      expect([(await from('192.0.2.3', 'guess-1-0123456789')).status, (await from('192.0.2.3', 'guess-2-0123456789')).status]).toEqual([401, 401]);
      expect((await from('192.0.2.3')).status).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('serves /metrics only on its own listener when METRICS_PORT is set', async () => {
    const svc = await startTestService({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' });
    try {
      expect(svc.metricsPort).toEqual(expect.any(Number));
      expect((await fetch(`${svc.url}/metrics`)).status).toBe(404);
      const scraped = await fetch(`http://127.0.0.1:${svc.metricsPort}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^moderation_queue_length /m);
    } finally {
      await svc.stop();
    }
  });
});
