// Edits are judged again: a new version with its own decision, both kept in
// the history, reported by webhook, and never covered by an earlier approval.
import request from 'supertest';
import { deliveryModel } from '../../src/store/delivery-model';
import { eventIdFor, eventModel } from '../../src/store/event-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { actOn, heldText } from '../helpers/moderation';

const CALM = 'The council meeting on the new library was well attended.';

async function waitForDelivery(t: TestApp, id: string): Promise<Record<string, any>> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const doc = await deliveryModel(t.conn).findById(id).lean();
    if (doc) return doc as Record<string, any>;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`delivery ${id} was never enqueued`);
}

describe('edited comments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('comment_edits', { moderators: [{ name: 'mo', role: 'moderator' }] });
    await t.store.sites.setWebhook('news1', { url: 'https://hooks.example.org/m', secret: 'edit-secret-0123456789', events: ['comment.edited'] });
  });
  afterAll(async () => { await t.close(); });

  const post = (body: Record<string, unknown>, site = 'news1') => request(t.app).post('/v1/comments').set(t.auth(site)).send({ name: 'Edith', ...body });
  const put = (id: string, body: Record<string, unknown>, site = 'news1') => request(t.app).put(`/v1/comments/${id}`).set(t.auth(site)).send(body);

  it('PUT judges the new text again, keeps both versions in the history and reports the change', async () => {
    const first = await post({ text: CALM });
    expect(first.status).toBe(201);
    expect(first.body.decision).toBe('approve');
    const newText = heldText();
    const edited = await put(first.body.id, { text: newText, editedAt: '2026-03-01T12:00:00Z' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: first.body.id, decision: 'hold', status: 'hold', version: 2, edited: true, editedAt: '2026-03-01T12:00:00.000Z' });
    expect(edited.body.reasons.map((r: { rule: string }) => r.rule)).toContain('patterns.email');

    const detail = await request(t.app).get(`/v1/moderation/comments/${first.body.id}`).set(t.asModerator('mo'));
    expect(detail.body.comment.text).toBe(newText);
    expect(detail.body.history.map((h: any) => [h.kind, h.to, h.text])).toEqual([['system', 'approve', CALM], ['edit', 'hold', newText]]);
    expect(detail.body.history[1]).toMatchObject({ from: 'approve', actor: 'site:news1', role: 'site', version: 2, state: 'applied' });

    const delivery = await waitForDelivery(t, `comment.edited:${eventIdFor(first.body.id, 2)}`);
    expect(delivery.payload).toMatchObject({ type: 'comment.edited', data: { status: 'hold', version: 2, edit: { from: 'approve', to: 'hold' } } });
    expect(JSON.stringify(delivery.payload)).not.toContain(newText);
  });

  it('a repeated externalId with editedAt is an edit, and an earlier approval does not shield the new text', async () => {
    const first = await post({ text: heldText(), externalId: 'ed-1' });
    expect(first.body.decision).toBe('hold');
    expect((await actOn(t, 'mo', first.body.id, { action: 'approve', expectedVersion: 1 })).status).toBe(200);

    const editedText = `${CALM} Write to me at edit.${Date.now()}@example.org`;
    const again = await post({ text: editedText, externalId: 'ed-1', editedAt: '2026-03-01T12:05:00Z' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'hold', version: 3, edited: true });
    // The moderator's view of version 2 is stale.
    expect((await actOn(t, 'mo', first.body.id, { action: 'approve', expectedVersion: 2 })).status).toBe(409);

    // A plain repeat (no editedAt), an older edit and the same text change nothing.
    expect((await post({ text: 'something else', externalId: 'ed-1' })).body).toMatchObject({ version: 3 });
    expect((await post({ text: 'older text', externalId: 'ed-1', editedAt: '2026-03-01T12:01:00Z' })).body).toMatchObject({ version: 3, edited: false });
    expect((await put(first.body.id, { text: editedText })).body).toMatchObject({ version: 3, edited: false });
  });

  it('an edit racing a moderator ends on the edit\'s decision', async () => {
    const first = await post({ text: heldText() });
    const [edit, action] = await Promise.all([put(first.body.id, { text: heldText() }), actOn(t, 'mo', first.body.id, { action: 'approve', expectedVersion: 1 })]);
    expect(edit.status).toBe(200);
    expect([200, 409]).toContain(action.status);
    const now = await request(t.app).get(`/v1/comments/${first.body.id}`).set(t.auth('news1'));
    expect(now.body.status).toBe('hold');
    expect(now.body.version).toBe(action.status === 200 ? 3 : 2);
  });

  it('finishes an old action a crash left pending before editing, and answers 409 while a fresh one blocks the version', async () => {
    const pending = (id: string, rulesVersion: string, at: Date) => eventModel(t.conn).collection.insertOne({
      _id: eventIdFor(id, 2), commentId: id, site: 'news1', version: 2, actor: 'crashy', role: 'moderator', action: 'reject',
      from: 'hold', to: 'reject', note: null, reason: null, rulesVersion, rulesVersionAtAction: rulesVersion, at, state: 'pending',
    } as never);
    const old = await post({ text: heldText() });
    await pending(old.body.id, old.body.rulesVersion, new Date(Date.now() - 120_000));
    const edited = await put(old.body.id, { text: heldText() });
    expect(edited.body).toMatchObject({ version: 3, status: 'hold', edited: true });
    expect((await eventModel(t.conn).findById(eventIdFor(old.body.id, 2)).lean())!.state).toBe('applied');

    const blocked = await post({ text: heldText() });
    await pending(blocked.body.id, blocked.body.rulesVersion, new Date());
    const busy = await put(blocked.body.id, { text: heldText() });
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatchObject({ code: 'version_conflict', details: { version: 1 } });
  });

  it('another site, a bad id and a bad body are refused', async () => {
    const first = await post({ text: CALM });
    expect((await put(first.body.id, { text: 'new' }, 'news2')).status).toBe(404);
    expect((await put('NOT-AN-ID', { text: 'new' })).status).toBe(404);
    const bad = await put(first.body.id, { text: 'new', status: 'approve' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });
});
