import request from 'supertest';
import { setSiteWebhook } from '../../src/cli/sites';
import { WebhookOutbox } from '../../src/service/webhooks/outbox';
import { commentModel, type CommentDoc } from '../../src/store/comment-model';
import { deliveryModel } from '../../src/store/delivery-model';
import { eventIdFor, eventModel, type ModerationEventDoc } from '../../src/store/event-model';
import { repairFromEventLog } from '../../src/store/repair';
import { startTestApp, type TestApp } from '../helpers/app';
import { actOn, postHeld } from '../helpers/moderation';

/** What an action leaves behind when its process dies after writing the event and before updating the comment. */
async function crashedAction(t: TestApp, id: string, to: 'approve' | 'reject', version = 2, ageMs = 120_000): Promise<ModerationEventDoc> {
  const comment = (await commentModel(t.conn).findById(id).lean<CommentDoc>())!;
  const event: ModerationEventDoc = {
    _id: eventIdFor(id, version), commentId: id, site: comment.site, version, actor: 'crashy', role: 'moderator',
    action: to, from: comment.status, to, note: null, reason: 'spam', rulesVersion: comment.decision.rulesVersion,
    rulesVersionAtAction: comment.decision.rulesVersion, at: new Date(Date.now() - ageMs), state: 'pending',
  };
  await eventModel(t.conn).collection.insertOne(event as never);
  return event;
}

describe('repairFromEventLog', () => {
  let t: TestApp;
  beforeEach(async () => { t = await startTestApp('moderation_repair', { moderators: [{ name: 'mo', role: 'moderator' }] }); });
  afterEach(async () => { await t.close(); });

  it('applies an event whose comment update never happened', async () => {
    const id = await postHeld(t, 'news1');
    await crashedAction(t, id, 'reject');
    expect(await commentModel(t.conn).findById(id).lean()).toMatchObject({ status: 'hold', version: 1 });

    const report = await repairFromEventLog(t.store);

    expect(report).toEqual({ examined: 1, applied: 1, alreadyApplied: 0, voided: 0 });
    expect(await commentModel(t.conn).findById(id).lean()).toMatchObject({ status: 'reject', version: 2 });
    expect(await eventModel(t.conn).findById(eventIdFor(id, 2)).lean()).toMatchObject({ state: 'applied' });
    expect(await repairFromEventLog(t.store)).toEqual({ examined: 0, applied: 0, alreadyApplied: 0, voided: 0 });
  });

  it('leaves alone events younger than the minimum age: their actions may still be in flight', async () => {
    const id = await postHeld(t, 'news1');
    await crashedAction(t, id, 'reject', 2, 1000);
    expect(await repairFromEventLog(t.store)).toMatchObject({ examined: 0 });
    expect(await repairFromEventLog(t.store, { minAgeMs: 0 })).toMatchObject({ examined: 1, applied: 1 });
  });

  it('makes a competing moderator wait for a young rival event rather than finish it', async () => {
    const id = await postHeld(t, 'news1');
    await crashedAction(t, id, 'reject', 2, 0);
    const late = await actOn(t, 'mo', id, { action: 'approve', expectedVersion: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error.details.current).toMatchObject({ status: 'hold', version: 1 });
    expect(await eventModel(t.conn).findById(eventIdFor(id, 2)).lean()).toMatchObject({ state: 'pending' });
  });

  it('marks applied an event whose update happened but was not recorded, and voids events it cannot explain', async () => {
    const done = await postHeld(t, 'news1');
    await crashedAction(t, done, 'approve');
    await commentModel(t.conn).updateOne({ _id: done, version: 1 }, { $set: { status: 'approve' }, $inc: { version: 1 } });
    const gone = await postHeld(t, 'news1');
    await crashedAction(t, gone, 'reject');
    await commentModel(t.conn).deleteOne({ _id: gone });
    const ahead = await postHeld(t, 'news1');
    await crashedAction(t, ahead, 'reject', 3);

    expect(await repairFromEventLog(t.store)).toEqual({ examined: 3, applied: 0, alreadyApplied: 1, voided: 2 });
    const states = await eventModel(t.conn).find({}).lean();
    expect(Object.fromEntries(states.map((e) => [e.commentId, e.state]))).toEqual({ [done]: 'applied', [gone]: 'void', [ahead]: 'void' });
    expect(await commentModel(t.conn).findById(ahead).lean()).toMatchObject({ status: 'hold', version: 1 });
  });

  it('finishes a crashed action when the next moderator acts on the same version, so the comment is never stuck', async () => {
    const id = await postHeld(t, 'news1');
    await crashedAction(t, id, 'reject');
    const late = await actOn(t, 'mo', id, { action: 'approve', expectedVersion: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error.details.current).toEqual({ id, site: 'news1', status: 'reject', version: 2 });
    const next = await actOn(t, 'mo', id, { action: 'approve', expectedVersion: 2 });
    expect(next.status).toBe(200);
    const history = await request(t.app).get(`/v1/moderation/comments/${id}`).set(t.asModerator('mo'));
    expect(history.body.history.map((h: { actor: string; to: string; state: string }) => `${h.actor}:${h.to}:${h.state}`)).toEqual([
      'system:hold:applied', 'crashy:reject:applied', 'mo:approve:applied',
    ]);
  });

  it("shows a crashed action's pending event in the comment's history, after the applied ones", async () => {
    const id = await postHeld(t, 'news1');
    expect((await actOn(t, 'mo', id, { action: 'reject', expectedVersion: 1 })).status).toBe(200);
    expect((await actOn(t, 'mo', id, { action: 'approve', expectedVersion: 2 })).status).toBe(200);
    await crashedAction(t, id, 'reject', 4);
    const history = await request(t.app).get(`/v1/moderation/comments/${id}`).set(t.asModerator('mo'));
    expect(history.body.history.map((h: { actor: string; to: string; state: string; version: number }) => `${h.actor}:${h.to}:${h.state}:v${h.version}`)).toEqual([
      'system:hold:applied:v1', 'mo:reject:applied:v2', 'mo:approve:applied:v3', 'crashy:reject:pending:v4',
    ]);
  });

  it('enqueues the comment.moderated webhook of the events it applies', async () => {
    await setSiteWebhook(t.store, 'news1', { url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-secret', events: ['comment.moderated'] });
    const id = await postHeld(t, 'news1');
    await crashedAction(t, id, 'reject');
    const outbox = new WebhookOutbox(t.store);
    await repairFromEventLog(t.store, { onApplied: async (e, c) => { await outbox.commentModerated(e, c); } });
    const delivery = await deliveryModel(t.conn).findById(`comment.moderated:${id}:v2`).lean();
    expect(delivery).toMatchObject({ site: 'news1', type: 'comment.moderated', state: 'pending', payload: { data: { status: 'reject', version: 2 } } });
  });
});
