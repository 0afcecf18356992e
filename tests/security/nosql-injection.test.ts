// No MongoDB operator from a request reaches the database, and no request
// returns a document outside the caller's site. Every command the app sends
// is recorded (mongoose debug on the app's connection) and inspected.
import request from 'supertest';
import { allSlots, type FuzzKeys } from '../fuzz/cases';
import { OPERATORS } from '../fuzz/generators';
import { closeAgent, sendCase } from '../fuzz/transport';
import { startTestApp, type TestApp } from '../helpers/app';

/** Operators the app itself never uses in a filter; if one reaches the database, it came from a request. */
const FOREIGN_OPERATORS = ['$where', '$ne', '$expr', '$exists', '$function', '$accumulator', '$nin', '$not', '$set', '$elemMatch'];

function keysOf(value: unknown, out: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) {
    out.push(k);
    keysOf(v, out);
  }
  return out;
}

describe('NoSQL injection', () => {
  let t: TestApp;
  let keys: FuzzKeys;
  const commands: unknown[] = [];
  let news2Id: string;

  beforeAll(async () => {
    t = await startTestApp('security_nosql', {
      moderators: [{ name: 'boss', role: 'admin' }, { name: 'local', role: 'moderator', sites: ['news1'] }],
    });
    const mine = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Ann', text: 'news1 comment', externalId: 'n1' });
    const theirs = await request(t.app).post('/v1/comments').set(t.auth('news2')).send({ name: 'Bo', text: 'news2 secret', externalId: 'n2' });
    news2Id = theirs.body.id;
    keys = { site: t.keys.news1!, moderator: t.moderatorKeys.boss!, commentId: mine.body.id };
    t.conn.set('debug', (collection: string, method: string, ...args: unknown[]) => commands.push({ collection, method, args }));
  });
  afterAll(async () => {
    closeAgent();
    await t.close();
  });

  it('refuses an operator in every field of POST /v1/comments, and stores nothing', async () => {
    for (const field of ['name', 'text', 'articleId', 'articleUrl', 'email', 'ip', 'userAgent', 'parentId', 'externalId', 'language']) {
      for (const op of [{ $gt: '' }, { $ne: null }, { $where: 'true' }, { 'a.b': 1 }]) {
        const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Ann', text: 'hi', [field]: op });
        expect([field, res.status, res.body.error.code]).toEqual([field, 400, 'invalid_request']);
      }
    }
  });

  it.each([
    ['/v1/moderation/queue?status[$ne]=held'], ['/v1/moderation/queue?site[$gt]='], ['/v1/moderation/queue?site[$ne]=news1'],
    ['/v1/moderation/queue?check[$regex]=.*'], ['/v1/moderation/stats?site[$ne]=x'], ['/v1/moderation/webhooks/deliveries?site[$gt]='],
    ['/v1/moderation/queue?site=news1&site=news2'],
  ])('refuses %s with 400 naming the query', async (path) => {
    const res = await request(t.app).get(path).set(t.asModerator('boss'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });

  it.each(['%24gt', '%5B%24ne%5D', '%7B%22%24gt%22%3A%22%22%7D', '..%2F', 'a.b'])('treats route param %s as an id that does not exist', async (param) => {
    const site = await request(t.app).get(`/v1/comments/${param}`).set(t.auth('news1'));
    const moderator = await request(t.app).get(`/v1/moderation/comments/${param}`).set(t.asModerator('boss'));
    expect([site.status, moderator.status]).toEqual([404, 404]);
  });

  it("never returns another site's comment, whatever the query says", async () => {
    const direct = await request(t.app).get(`/v1/comments/${news2Id}`).set(t.auth('news1'));
    expect(direct.status).toBe(404);
    const viaModerator = await request(t.app).get(`/v1/moderation/comments/${news2Id}`).set(t.asModerator('local'));
    expect(viaModerator.status).toBe(404);
    const named = await request(t.app).get('/v1/moderation/queue?status=approved&site=news2').set(t.asModerator('local'));
    expect(named.status).toBe(403);
    for (const query of ['status=approved', 'status=approved&check=%24where', 'status=approved&rule=.*', 'status=approved&site=news1']) {
      const res = await request(t.app).get(`/v1/moderation/queue?${query}`).set(t.asModerator('local'));
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { site: string }) => i.site).filter((s: string) => s !== 'news1')).toEqual([]);
    }
    const stats = await request(t.app).get('/v1/moderation/stats').set(t.asModerator('local'));
    expect(stats.body.sites.map((s: { site: string }) => s.site)).toEqual(['news1']);
  });

  it('sends no request-borne operator to the database, across hostile values in every slot', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    try {
      for (const slot of allSlots()) {
        for (const value of OPERATORS) await sendCase(port, slot.build(value, keys));
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(commands.length).toBeGreaterThan(0);
    const foreign = commands.flatMap((c) => keysOf(c).filter((k) => FOREIGN_OPERATORS.includes(k) || (k.includes('.') && !/^[\w]+\.[\w]+$/.test(k))));
    expect(foreign).toEqual([]);
  });
});
