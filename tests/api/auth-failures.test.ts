// Failed authentication is limited per client address on every endpoint that
// takes a key: the review answered 50 guesses at /1.1/verify-key in 0.9 s,
// and made-up moderator keys each got a bucket of their own. Client
// addresses come from X-Forwarded-For here, with the loopback proxy trusted,
// as TRUST_PROXY does behind a real proxy.
import request from 'supertest';
import { clientAddress } from '../../src/api/auth-failures';
import { startTestApp, type TestApp } from '../helpers/app';

const FAILURES = 5;

describe('failed authentication, limited per client address', () => {
  let t: TestApp;
  let address = 0;
  /** A fresh client address for each test, so tests do not share budgets. */
  const nextClient = () => `203.0.113.${++address}`;
  beforeAll(async () => {
    t = await startTestApp('auth_failures', {
      moderators: [{ name: 'mod', role: 'viewer' }],
      parts: { rateLimits: { sitePerMinute: 10_000, moderatorPerMinute: 10_000, authFailuresPerMinute: FAILURES }, trustProxy: 'loopback' },
    });
  });
  afterAll(async () => { await t.close(); });

  const verifyKey = (client: string, key: string) => request(t.app).post('/1.1/verify-key').set('X-Forwarded-For', client).type('form').send({ key, blog: 'https://news1.example' });

  it('answers Akismet verify-key guesses "invalid", then 429 however right the next key is', async () => {
    const client = nextClient();
    const answers: string[] = [];
    for (let i = 0; i < 50; i++) answers.push((await verifyKey(client, `guess-${i}`)).text);
    expect(answers.slice(0, FAILURES)).toEqual(Array(FAILURES).fill('invalid'));
    expect(answers.slice(FAILURES)).toEqual(Array(50 - FAILURES).fill('rate limited'));
    const right = await verifyKey(client, t.keys.news1!);
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another address is not affected.
    expect((await verifyKey(nextClient(), t.keys.news1!)).text).toBe('valid');
  });

  it.each([
    ['POST /v1/comments', (client: string, key: string) => request(t.app).post('/v1/comments').set('X-Forwarded-For', client).set('Authorization', `Bearer ${key}`).send({ name: 'Ann', text: 'hi' }), 401],
    ['GET /v1/moderation/queue', (client: string, key: string) => request(t.app).get('/v1/moderation/queue').set('X-Forwarded-For', client).set('Authorization', `Bearer ${key}`), 401],
    ['POST /v1/rules/test', (client: string, key: string) => request(t.app).post('/v1/rules/test').set('X-Forwarded-For', client).set('Authorization', `Bearer ${key}`).send({}), 401],
    ['Akismet comment-check', (client: string, key: string) => request(t.app).post('/1.1/comment-check').set('X-Forwarded-For', client).type('form').send({ api_key: key, blog: 'https://x.example', user_ip: '192.0.2.1', comment_content: 'hi' }), 200],
    ['Perspective analyze', (client: string, key: string) => request(t.app).post(`/v1alpha1/comments:analyze?key=${key}`).set('X-Forwarded-For', client).send({ comment: { text: 'hi' }, requestedAttributes: { TOXICITY: {} } }), 403],
  ])('%s: refuses an address after its failures, before looking at its key', async (_label, call, refusedStatus) => {
    const client = nextClient();
    for (let i = 0; i < FAILURES; i++) expect((await call(client, `wrong-${i}`)).status).toBe(refusedStatus);
    expect((await call(client, `wrong-${FAILURES}`)).status).toBe(429);
    expect((await call(nextClient(), `wrong-again`)).status).toBe(refusedStatus);
  });

  it('makes no moderator bucket for made-up keys, so they cannot use up or reset a moderator\'s', async () => {
    // Made-up keys from many addresses: each address fails a few times.
    for (let i = 0; i < 40; i++) await request(t.app).get('/v1/moderation/queue').set('X-Forwarded-For', nextClient()).set('Authorization', `Bearer made-up-${i}`);
    const res = await request(t.app).get('/v1/moderation/queue').set('X-Forwarded-For', nextClient()).set(t.asModerator('mod'));
    expect(res.status).toBe(200);
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped ones by their IPv4 address', () => {
    const at = (ip: string) => clientAddress({ ip, socket: {} } as never);
    expect(at('2001:db8:1:2:aaaa::1')).toBe(at('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(at('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(at('2001:db8:1:3::1')).not.toBe(at('2001:db8:1:2::1'));
    expect(at('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(at('::1')).toBe('0:0:0:0::/64');
  });
});
