// Appeals: lodged by the site within the rule file's window, only where the
// site's rules turn them on, decided once, by a person other than the one who
// made the decision; the outcome is its own statement and an audit entry.
import request from 'supertest';
import { loadRuleBook } from '../../src/ruleset/loader';
import { eventModel } from '../../src/store/event-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { actOn, postComment, postHeld } from '../helpers/moderation';
import { appeal, decideAppeal, rulesWithAppeals } from '../helpers/notices';

describe('appeals', () => {
  let t: TestApp;
  let clock = Date.parse('2026-06-01T10:00:00Z');
  beforeAll(async () => {
    t = await startTestApp('notices_appeals', {
      rules: loadRuleBook(rulesWithAppeals()),
      moderators: [{ name: 'mo', role: 'moderator' }, { name: 'm2', role: 'moderator' }, { name: 'm3', role: 'moderator' }, { name: 'vi', role: 'viewer' }],
      parts: { now: () => clock },
    });
  });
  afterAll(async () => { await t.close(); });

  async function rejectedBy(moderator: string): Promise<string> {
    const id = await postHeld(t, 'news1');
    expect((await actOn(t, moderator, id, { action: 'reject', expectedVersion: 1, reasonCode: 'spam' })).status).toBe(200);
    return id;
  }

  it('takes one appeal per decision, queues it, and answers a repeat with the same appeal', async () => {
    const id = await rejectedBy('mo');
    const first = await appeal(t, 'news1', id, { statement: 'It was a genuine question, not an advert.' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ commentId: id, version: 2, against: 'reject', state: 'open', decision: null });
    expect((await appeal(t, 'news1', id, {})).body).toEqual(first.body);
    const queue = await request(t.app).get('/v1/moderation/appealed').set(t.asModerator('vi'));
    const item = queue.body.items.find((i: { comment: { id: string } }) => i.comment.id === id);
    expect(item.appeal).toMatchObject({ decidedBy: 'mo', statement: 'It was a genuine question, not an advert.' });
  });

  it('refuses appeals where the rules turn them off, on published comments, and after the window', async () => {
    const other = await postHeld(t, 'news2');
    expect((await appeal(t, 'news2', other)).body.error.code).toBe('appeals_disabled');
    const published = await postComment(t, 'news1', 'A calm remark about the library hours.');
    expect((await appeal(t, 'news1', published.id)).body.error.code).toBe('not_appealable');
    const late = await rejectedBy('mo');
    clock += 31 * 86_400_000;
    const res = await appeal(t, 'news1', late);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('appeal_window_closed');
    expect((await appeal(t, 'news2', late)).status).toBe(404);
  });

  it('is decided by someone other than the moderator who decided the comment, and only by a moderator', async () => {
    const id = await rejectedBy('mo');
    await appeal(t, 'news1', id);
    const same = await decideAppeal(t, 'mo', id, { version: 2, outcome: 'reverse', code: 'other' });
    expect(same.status).toBe(403);
    expect(same.body.error.code).toBe('same_moderator');
    expect((await decideAppeal(t, 'vi', id, { version: 2, outcome: 'uphold', code: 'spam' })).status).toBe(403);
    expect((await decideAppeal(t, 'm2', id, { version: 3, outcome: 'uphold', code: 'spam' })).body.error.code).toBe('appeal_not_found');
    expect((await decideAppeal(t, 'm2', id, { version: 2, outcome: 'uphold', code: 'free text' })).status).toBe(400);
    const upheld = await decideAppeal(t, 'm2', id, { version: 2, outcome: 'uphold', code: 'spam', note: 'Still an advert.' });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ appeal: { state: 'upheld', decision: { actor: 'm2', outcome: 'uphold', code: 'spam', note: 'Still an advert.' } }, comment: { status: 'reject', version: 2 } });
    expect((await decideAppeal(t, 'm3', id, { version: 2, outcome: 'reverse', code: 'other' })).body.error.code).toBe('appeal_decided');
  });

  it('is decided only through the appeal while it is open: ordinary actions, single or bulk, answer 409 appeal_open', async () => {
    const id = await rejectedBy('mo');
    expect((await appeal(t, 'news1', id)).status).toBe(201);
    // The moderator appealed against cannot reverse their own decision by the back door, nor can anyone settle it unseen.
    for (const moderator of ['mo', 'm2']) {
      const res = await actOn(t, moderator, id, { action: 'approve', expectedVersion: 2 });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'appeal_open', details: { current: { id, status: 'reject', version: 2 } } });
    }
    const bulk = await request(t.app).post('/v1/moderation/actions').set(t.asModerator('m2')).send({ actions: [{ id, action: 'hold', expectedVersion: 2 }] });
    expect(bulk.body.results[0]).toMatchObject({ status: 409, error: { code: 'appeal_open' } });
    expect((await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'))).body.status).toBe('reject');
    // The appeal's own decision goes through, and once it is decided ordinary actions work again.
    expect((await decideAppeal(t, 'm2', id, { version: 2, outcome: 'reverse', code: 'other' })).body.comment).toMatchObject({ status: 'approve', version: 3 });
    expect((await actOn(t, 'mo', id, { action: 'hold', expectedVersion: 3 })).status).toBe(200);
  });

  it('lets exactly one of two moderators deciding one appeal at once win; the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await rejectedBy('mo');
      await appeal(t, 'news1', id);
      const both = await Promise.all([
        decideAppeal(t, 'm2', id, { version: 2, outcome: 'reverse', code: 'other', note: 'A fair question.' }),
        decideAppeal(t, 'm3', id, { version: 2, outcome: 'uphold', code: 'spam' }),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = both.find((r) => r.status === 409)!;
      expect(loser.body.error.code).toBe('appeal_decided');
      const winner = both.find((r) => r.status === 200)!;
      const stored = await t.store.notices.appealById(`${id}|v2`);
      expect(stored!.decision!.actor).toBe(winner.body.appeal.decision.actor);
      const comment = await request(t.app).get(`/v1/comments/${id}`).set(t.auth('news1'));
      expect(comment.body.status).toBe(winner.body.appeal.decision.outcome === 'reverse' ? 'approve' : 'reject');
    }
  });

  it('puts reports, appeals and their decisions in the audit log beside moderator actions', async () => {
    const id = await rejectedBy('mo');
    await request(t.app).post(`/v1/comments/${id}/reports`).set(t.auth('news1')).send({ reason: 'spam', reporterId: 'audit-reader' });
    await appeal(t, 'news1', id);
    await decideAppeal(t, 'm2', id, { version: 2, outcome: 'reverse', code: 'other' });
    const log = await eventModel(t.conn).find({ commentId: id }).lean<Array<{ _id: string; kind?: string; actor: string }>>();
    const kinds = log.map((e) => e.kind ?? 'action').sort();
    expect(kinds).toEqual(['action', 'action', 'appeal', 'appeal_decision', 'report']);
    expect((await request(t.app).get('/v1/moderation/appealed').set(t.asModerator('vi'))).body.items.map((i: { comment: { id: string } }) => i.comment.id)).not.toContain(id);
  });
});
