// Round trips to the database per comment, counted as the driver sends them
// and, on the embedded database, as its index is asked. The write path stays
// a few small requests whatever the history holds, and the budget is the same
// on both databases: run with MONGODB_URI to check it on MongoDB.
import type { CommandStartedEvent } from 'mongodb';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';

// A new comment with all four history keys (author, email, address, text):
// its history events stored (one insert), every key's latest events read (one
// query), the comment stored (one insert).
const BUDGET = ['insert history_events', 'read history_events', 'insert comments'];

describe('round trips per comment', () => {
  let t: TestApp;
  const sent: string[] = [];
  beforeAll(async () => {
    // The site's settings are read once and kept for an hour, so a slow machine
    // (five comments taking over the 2 s default) cannot add a read to the count.
    t = await startTestApp('round_trips', {
      monitorCommands: true,
      observeIndex: (collection) => sent.push(`read ${collection}`),
      parts: { moderation: { siteCacheMs: 3_600_000 } },
    });
    t.conn.getClient().on('commandStarted', (e: CommandStartedEvent) => {
      const name = e.commandName === 'find' || e.commandName === 'aggregate' ? 'read' : e.commandName;
      sent.push(`${name} ${String(e.command[e.commandName])}`);
    });
  });
  afterAll(async () => { await t.close(); });

  const post = (i: number) =>
    request(t.app)
      .post('/v1/comments')
      .set(t.auth('news1'))
      .send({ externalId: `rt-${i}`, name: `Reader ${i}`, email: `reader${i}@example.org`, ip: `203.0.113.${i + 1}`, text: `A thought on the council budget, number ${i}.` });

  it(`stores a new comment in ${BUDGET.length} round trips, history included`, async () => {
    // The first comment also reads the site's settings, kept for a while after.
    expect((await post(0)).status).toBe(201);
    for (let i = 1; i <= 5; i++) {
      sent.length = 0;
      const res = await post(i);
      expect(res.status).toBe(201);
      expect(sent).toEqual(BUDGET);
    }
  });

  it('answers a repeated externalId from the insert that meets the stored copy', async () => {
    sent.length = 0;
    const res = await post(3);
    expect(res.status).toBe(200);
    expect(sent.filter((c) => c.startsWith('insert comments'))).toHaveLength(1);
    expect(sent.length).toBeLessThanOrEqual(BUDGET.length + 1);
  });
});
