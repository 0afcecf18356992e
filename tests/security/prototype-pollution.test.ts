// __proto__, constructor and prototype keys sent everywhere (every slot of
// every endpoint, nested at every level, in query strings and form fields)
// never reach Object.prototype of the server process (this process: the app
// runs in it).
import request from 'supertest';
import { allSlots, type FuzzKeys } from '../fuzz/cases';
import { JsonObject, obj, pollutingObject, Rng, toJson, type JsonValue } from '../fuzz/generators';
import { closeAgent, sendCase } from '../fuzz/transport';
import { startTestApp, type TestApp } from '../helpers/app';

/** The same polluting key at depth 0..maxDepth. */
function nested(key: string, depth: number): JsonValue {
  let value: JsonValue = new JsonObject([[key, obj({ polluted: 'yes' })], ['constructor', obj({ prototype: obj({ polluted: 'yes' }) })]]);
  for (let i = 0; i < depth; i++) value = new JsonObject([['a', value], [key, value]]);
  return value;
}

describe('prototype pollution', () => {
  let t: TestApp;
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const toStringBefore = Object.prototype.toString;

  beforeAll(async () => { t = await startTestApp('security_proto', { moderators: [{ name: 'boss', role: 'admin' }] }); });
  afterAll(async () => {
    closeAgent();
    await t.close();
  });

  it('leaves Object.prototype unchanged after __proto__ payloads everywhere', async () => {
    const created = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Ann', text: 'target' });
    const keys: FuzzKeys = { site: t.keys.news1!, moderator: t.moderatorKeys.boss!, commentId: created.body.id };
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const rng = new Rng(7);
    const statuses: number[] = [];
    try {
      for (const slot of allSlots()) {
        for (const value of [pollutingObject(rng), pollutingObject(rng), nested('__proto__', 3), nested('prototype', 2)]) {
          statuses.push((await sendCase(port, slot.build(value, keys))).status);
        }
      }
      for (const depth of [0, 1, 5]) {
        const body = Buffer.from(toJson(nested('__proto__', depth)));
        for (const [path, headers] of [
          ['/v1/comments', { Authorization: `Bearer ${keys.site}` }],
          ['/v1/moderation/actions', { Authorization: `Bearer ${keys.moderator}` }],
          ['/v1/rules/test', { Authorization: `Bearer ${keys.moderator}` }],
          [`/v1alpha1/comments:analyze?key=${keys.site}`, {}],
        ] as const) {
          statuses.push((await sendCase(port, { label: path, method: 'POST', path, headers: { ...headers, 'Content-Type': 'application/json' }, body, format: 'api' })).status);
        }
      }
      const query = '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&__proto__.polluted=yes';
      statuses.push((await request(t.app).get(`/v1/moderation/queue?${query}`).set(t.asModerator('boss'))).status);
      statuses.push((await request(t.app).post('/1.1/comment-check').type('form').send(`api_key=${keys.site}&blog=x&user_ip=1.2.3.4&comment_content=hi&${query}`)).status);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(Object.prototype.toString).toBe(toStringBefore);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
