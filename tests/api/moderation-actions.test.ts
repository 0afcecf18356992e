import request from 'supertest';
import { commentModel } from '../../src/store/comment-model';
import { eventModel } from '../../src/store/event-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { actOn, postComment, postHeld } from '../helpers/moderation';

const moderators = [
  { name: 'ada', role: 'moderator' as const },
  { name: 'bo', role: 'moderator' as const },
  { name: 'vi', role: 'viewer' as const },
  { name: 'root', role: 'admin' as const },
  { name: 'cy', role: 'moderator' as const },
  { name: 'dee', role: 'moderator' as const },
];

describe('POST /v1/moderation/comments/:id/actions', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('moderation_actions', { moderators }); });
  afterAll(async () => { await t.close(); });

  it('applies an action at the expected version, records the event and bumps the version', async () => {
    const id = await postHeld(t, 'news1');
    const res = await actOn(t, 'ada', id, { action: 'approve', expectedVersion: 1, note: 'fine after all', reason: 'not spam' });
    expect(res.status).toBe(200);
    expect(res.body.comment).toEqual({ id, site: 'news1', status: 'approve', version: 2 });
    expect(res.body.event).toMatchObject({ kind: 'moderator', actor: 'ada', role: 'moderator', action: 'approve', from: 'hold', to: 'approve', version: 2, state: 'applied', note: 'fine after all' });
    const event = await eventModel(t.conn).findById(`${id}:v2`).lean();
    expect(event).toMatchObject({ commentId: id, site: 'news1', actor: 'ada', from: 'hold', to: 'approve', version: 2, state: 'applied', reason: 'not spam' });
    expect(event!.rulesVersion).toMatch(/^[0-9a-f]{12}$/);
    const stored = await commentModel(t.conn).findById(id).lean();
    expect(stored).toMatchObject({ status: 'approve', version: 2 });
    expect(stored!.decision.action).toBe('hold');
  });

  it('lets exactly one of two concurrent moderators win; the other gets 409 with the current state', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await postHeld(t, 'news1');
      const [a, b] = await Promise.all([
        actOn(t, 'ada', id, { action: 'approve', expectedVersion: 1 }),
        actOn(t, 'bo', id, { action: 'reject', expectedVersion: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      expect(loser.body.error.code).toBe('version_conflict');
      expect(loser.body.error.details.current).toEqual({ id, site: 'news1', status: winner.body.comment.status, version: 2 });
      expect(await eventModel(t.conn).countDocuments({ commentId: id })).toBe(1);
      expect(await commentModel(t.conn).findById(id).lean()).toMatchObject({ status: winner.body.comment.status, version: 2 });
    }
  });

  it('keeps one winner among many concurrent moderators, every loser seeing the winner', async () => {
    const names = ['ada', 'bo', 'cy', 'dee', 'root'];
    for (let round = 0; round < 3; round++) {
      const id = await postHeld(t, 'news1');
      const answers = await Promise.all(names.map((n, i) => actOn(t, n, id, { action: i % 2 ? 'reject' : 'approve', expectedVersion: 1 })));
      const winners = answers.filter((a) => a.status === 200);
      expect(winners).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(names.length - 1);
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.details.current).toMatchObject({ status: winners[0]!.body.comment.status, version: 2 });
      expect(await commentModel(t.conn).findById(id).lean()).toMatchObject({ status: winners[0]!.body.comment.status, version: 2 });
    }
  });

  it('answers 409 with the current state for a stale version', async () => {
    const id = await postHeld(t, 'news1');
    expect((await actOn(t, 'ada', id, { action: 'reject', expectedVersion: 1 })).status).toBe(200);
    const stale = await actOn(t, 'bo', id, { action: 'approve', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ status: 'reject', version: 2 });
    const fresh = await actOn(t, 'bo', id, { action: 'approve', expectedVersion: 2 });
    expect(fresh.status).toBe(200);
    expect(fresh.body.comment).toMatchObject({ status: 'approve', version: 3 });
  });

  it('shows the comment with its full decision and history: the system decision first, then each human action', async () => {
    const id = await postHeld(t, 'news1');
    await actOn(t, 'ada', id, { action: 'reject', expectedVersion: 1, reason: 'spam' });
    await actOn(t, 'root', id, { action: 'approve', expectedVersion: 2, note: 'appeal accepted' });
    const res = await request(t.app).get(`/v1/moderation/comments/${id}`).set(t.asModerator('vi'));
    expect(res.status).toBe(200);
    expect(res.body.comment).toMatchObject({ id, site: 'news1', status: 'approve', version: 3, decision: 'hold' });
    expect(res.body.decision.reasons[0]).toMatchObject({ check: 'patterns', action: 'hold', message: expect.any(String), evidence: expect.any(Object) });
    expect(res.body.history.map((h: { kind: string; actor: string; from: string | null; to: string; version: number }) => [h.kind, h.actor, h.from, h.to, h.version])).toEqual([
      ['system', 'system', null, 'hold', 1],
      ['moderator', 'ada', 'hold', 'reject', 2],
      ['moderator', 'root', 'reject', 'approve', 3],
    ]);
    expect(res.body.history[1].reason).toBe('spam');
    expect(res.body.history[2].note).toBe('appeal accepted');
  });

  it.each([
    ['an unknown action', { action: 'delete', expectedVersion: 1 }, 'action'],
    ['a missing version', { action: 'approve' }, 'expectedVersion'],
    ['a version that is not a number', { action: 'approve', expectedVersion: '1' }, 'expectedVersion'],
    ['an oversized note', { action: 'approve', expectedVersion: 1, note: 'n'.repeat(2001) }, 'note'],
    ['an unknown field', { action: 'approve', expectedVersion: 1, status: 'approve' }, 'body'],
  ])('answers 400 naming the field for %s', async (_label, body, field) => {
    const id = await postHeld(t, 'news1');
    const res = await actOn(t, 'ada', id, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('answers 404 for a missing comment and 415 for a body that is not JSON', async () => {
    const missing = await actOn(t, 'ada', 'nosuchcomment', { action: 'approve', expectedVersion: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('comment_not_found');
    const id = await postHeld(t, 'news1');
    const text = await request(t.app).post(`/v1/moderation/comments/${id}/actions`).set(t.asModerator('ada')).set('Content-Type', 'text/plain').send('approve');
    expect(text.status).toBe(415);
  });
});

describe('POST /v1/moderation/actions (bulk)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('moderation_bulk', { moderators }); });
  afterAll(async () => { await t.close(); });

  it('answers one result per id: applied, stale, missing', async () => {
    const a = await postHeld(t, 'news1');
    const b = await postHeld(t, 'news2');
    const c = await postHeld(t, 'news1');
    await actOn(t, 'bo', c, { action: 'reject', expectedVersion: 1 });
    const res = await request(t.app).post('/v1/moderation/actions').set(t.asModerator('ada')).send({
      actions: [
        { id: a, action: 'approve', expectedVersion: 1 },
        { id: b, action: 'reject', expectedVersion: 1, reason: 'toxic' },
        { id: c, action: 'approve', expectedVersion: 1 },
        { id: 'missing1', action: 'approve', expectedVersion: 1 },
        { id: a, action: 'reject', expectedVersion: 1 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { id: string; status: number }) => [r.id, r.status])).toEqual([[a, 200], [b, 200], [c, 409], ['missing1', 404], [a, 409]]);
    expect(res.body.results[0].comment).toEqual({ id: a, site: 'news1', status: 'approve', version: 2 });
    expect(res.body.results[2].error).toMatchObject({ code: 'version_conflict', details: { current: { id: c, status: 'reject', version: 2 } } });
    expect(res.body.results[4].error.details.current).toMatchObject({ status: 'approve', version: 2 });
  });

  it('answers 400 for an empty or oversized batch', async () => {
    const empty = await request(t.app).post('/v1/moderation/actions').set(t.asModerator('ada')).send({ actions: [] });
    const big = await request(t.app).post('/v1/moderation/actions').set(t.asModerator('ada'))
      .send({ actions: Array.from({ length: 101 }, (_, i) => ({ id: `c${i}`, action: 'approve', expectedVersion: 1 })) });
    expect([empty.status, big.status]).toEqual([400, 400]);
    expect(big.body.error.details.fields[0].field).toBe('actions');
  });

  it('records an event per applied action with the resulting version', async () => {
    const id = (await postComment(t, 'news1', 'A calm remark about the local library hours.')).id;
    const res = await request(t.app).post('/v1/moderation/actions').set(t.asModerator('bo')).send({ actions: [{ id, action: 'hold', expectedVersion: 1, note: 'check the source' }] });
    expect(res.body.results[0]).toMatchObject({ status: 200, event: { from: 'approve', to: 'hold', version: 2, actor: 'bo' } });
    expect(await eventModel(t.conn).findById(`${id}:v2`).lean()).toMatchObject({ note: 'check the source', state: 'applied' });
  });
});
