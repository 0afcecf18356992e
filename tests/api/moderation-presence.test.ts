// Who else has a comment open: each moderator's heartbeat answers with the
// others seen in the last minute, never with themselves; closing removes
// them; a silent console drops out after a minute and its entry is deleted
// after ten; moderators see presence only on comments of their sites; a
// second instance on the same database sees the same moderators.
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { postHeld } from '../helpers/moderation';

const moderators = [
  { name: 'ana', role: 'moderator' as const },
  { name: 'ben', role: 'viewer' as const },
  { name: 'cy', role: 'moderator' as const, sites: ['news2'] },
];

describe('moderator presence on a comment', () => {
  let t: TestApp;
  let clock = Date.parse('2026-06-01T12:00:00Z');
  beforeAll(async () => {
    t = await startTestApp('moderation_presence', { moderators, parts: { now: () => clock } });
  });
  afterAll(async () => { await t.close(); });

  const beat = (id: string, who: string) => request(t.app).put(`/v1/moderation/comments/${id}/presence`).set(t.asModerator(who));
  const leave = (id: string, who: string) => request(t.app).delete(`/v1/moderation/comments/${id}/presence`).set(t.asModerator(who));
  const names = (res: request.Response) => res.body.viewers.map((v: { moderator: string }) => v.moderator);

  it('answers each moderator with the others looking, with role and last heartbeat', async () => {
    const id = await postHeld(t, 'news1');
    const first = await beat(id, 'ana');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ viewers: [] });
    clock += 5_000;
    const second = await beat(id, 'ben');
    expect(second.body.viewers).toEqual([{ moderator: 'ana', role: 'moderator', seenAt: new Date(clock - 5_000).toISOString() }]);
    const again = await beat(id, 'ana');
    expect(again.body.viewers).toEqual([{ moderator: 'ben', role: 'viewer', seenAt: new Date(clock).toISOString() }]);
    expect(await t.store.presence.model.countDocuments({ _id: { $gte: `${id}|`, $lt: `${id}|~` } } as never)).toBe(2);
  });

  it('forgets a moderator who closed the comment, and one whose console went silent for a minute', async () => {
    const id = await postHeld(t, 'news1');
    await beat(id, 'ana');
    await beat(id, 'ben');
    expect((await leave(id, 'ben')).status).toBe(204);
    expect(names(await beat(id, 'ana'))).toEqual([]);

    await beat(id, 'ben');
    clock += 61_000;
    expect(names(await beat(id, 'ana'))).toEqual([]);
    clock += 10 * 60_000;
    await beat(id, 'ana');
    // Ben's entry is older than ten minutes now: deleted when read, only Ana's is left.
    const left = await t.store.presence.model.find({ _id: { $gte: `${id}|`, $lt: `${id}|~` } } as never).lean();
    expect(left.map((d) => d.moderator)).toEqual(['ana']);
  });

  it('keeps presence inside the sites a moderator may see', async () => {
    const id = await postHeld(t, 'news1');
    await beat(id, 'ana');
    const outsider = await beat(id, 'cy');
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('comment_not_found');
    expect((await leave(id, 'cy')).status).toBe(404);
    expect(names(await beat(id, 'ben'))).toEqual(['ana']);
    expect((await beat('no-such-comment', 'ana')).status).toBe(404);
  });

  it('is shared by every instance on the database', async () => {
    const id = await postHeld(t, 'news1');
    const other = await startTestApp('moderation_presence', { moderators, keepData: true, parts: { now: () => clock } });
    try {
      // The second instance has its own keys for the same names.
      await request(other.app).put(`/v1/moderation/comments/${id}/presence`).set(other.asModerator('ana'));
      expect(names(await beat(id, 'ben'))).toEqual(['ana']);
    } finally {
      await other.close();
    }
  });
});
