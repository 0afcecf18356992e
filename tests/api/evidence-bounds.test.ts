// A comment that repeats one listed word thousands of times, or a queue page
// of such comments, must not turn into megabytes: evidence is bounded when a
// decision is made, when a stored one is served (comments stored before the
// bounds keep every span), and a queue page stops at a byte bound.
import request from 'supertest';
import { EVIDENCE_LIMITS } from '../../src/moderation/evidence-caps';
import { commentModel, type CommentDoc } from '../../src/store/comment-model';
import { startTestApp, type TestApp } from '../helpers/app';

const moderators = [{ name: 'mod', role: 'moderator' as const }];
const SWEARING = 'fuck '.repeat(4000);

/** A comment as the service stored them before evidence was bounded: one span per occurrence. */
function storedUnbounded(base: CommentDoc, id: string, at: Date, spanCount = 4000): CommentDoc {
  const spans = Array.from({ length: spanCount }, (_, i) => ({ field: 'text' as const, start: 5 * i, end: 5 * i + 4, text: 'fuck', matched: 'fuck' }));
  return {
    ...base,
    _id: id,
    createdAt: at,
    status: 'reject',
    text: SWEARING,
    decision: {
      ...base.decision,
      action: 'reject',
      reasons: [{ check: 'profanity', rule: 'profanity.severe', action: 'reject', message: 'Contains the severe profanity "fuck" (matched "fuck") (4000 times).', evidence: { spans } }],
    },
  };
}

describe('bounded evidence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('evidence_bounds', { moderators, parts: { moderation: { queuePageBytes: 300_000 } } });
  });
  afterAll(async () => { await t.close(); });

  it('answers and stores a comment saying one word 4,000 times with the first spans and their count', async () => {
    const res = await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Ann', text: SWEARING });
    expect(res.status).toBe(201);
    expect(res.text.length).toBeLessThan(10_000);
    const profanity = res.body.reasons.find((r: { check: string }) => r.check === 'profanity');
    expect(profanity.evidence.spans).toHaveLength(EVIDENCE_LIMITS.spansPerReason);
    expect(profanity.evidence.spanCount).toBe(4000);
    expect(profanity.message).toContain('(4000 times)');
    const stored = await commentModel(t.conn).findById(res.body.id).lean<CommentDoc>();
    expect(stored!.decision.reasons.find((r) => r.check === 'profanity')!.evidence.spans).toHaveLength(EVIDENCE_LIMITS.spansPerReason);
    const detail = await request(t.app).get(`/v1/moderation/comments/${res.body.id}`).set(t.asModerator('mod'));
    expect(detail.status).toBe(200);
    expect(detail.text.length).toBeLessThan(50_000);
  });

  it('serves a comment stored with every span bounded, in every view', async () => {
    const base = (await commentModel(t.conn).findOne({}).lean<CommentDoc>())!;
    const old = storedUnbounded(base, 'unbounded1', new Date(Date.now() - 60_000));
    await commentModel(t.conn).collection.insertOne(old as never);
    const views = [
      await request(t.app).get('/v1/comments/unbounded1').set(t.auth('news1')),
      await request(t.app).get('/v1/moderation/comments/unbounded1').set(t.asModerator('mod')),
    ];
    for (const view of views) {
      expect(view.status).toBe(200);
      expect(view.text.length).toBeLessThan(50_000);
    }
    expect(views[0]!.body.reasons[0].evidence).toMatchObject({ spanCount: 4000 });
    expect(views[0]!.body.reasons[0].evidence.spans).toHaveLength(EVIDENCE_LIMITS.spansPerReason);
    expect(views[1]!.body.decision.reasons[0].evidence.spans).toHaveLength(EVIDENCE_LIMITS.spansPerReason);
    const queue = await request(t.app).get('/v1/moderation/queue').query({ status: 'rejected', limit: 200 }).set(t.asModerator('mod'));
    const item = queue.body.items.find((i: { id: string }) => i.id === 'unbounded1');
    expect(item.reasons[0].evidence.spans).toHaveLength(EVIDENCE_LIMITS.spansPerReason);
    await commentModel(t.conn).deleteOne({ _id: 'unbounded1' });
  });

  it('stops a queue page at its byte bound and continues from its cursor, serving each comment once', async () => {
    const base = (await commentModel(t.conn).findOne({}).lean<CommentDoc>())!;
    const start = Date.now() - 3_600_000;
    const ids = Array.from({ length: 40 }, (_, i) => `page${String(i).padStart(2, '0')}`);
    // Few spans each: the byte bound is about the texts here, not the evidence.
    await commentModel(t.conn).collection.insertMany(ids.map((id, i) => storedUnbounded(base, id, new Date(start + i), 5)) as never);
    const served: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await request(t.app).get('/v1/moderation/queue').query({ status: 'rejected', limit: 200, ...(cursor && { cursor }) }).set(t.asModerator('mod'));
      expect(res.status).toBe(200);
      // Each item is about 21 KB (its 20,000-character text): 300 KB holds 14.
      expect(Buffer.byteLength(res.text)).toBeLessThan(300_000 + 1_000);
      served.push(...res.body.items.map((i: { id: string }) => i.id).filter((id: string) => id.startsWith('page')));
      pages++;
      cursor = res.body.nextCursor;
      if (!res.body.hasMore) break;
      expect(res.body.items.length).toBeGreaterThan(0);
    }
    expect(served).toEqual(ids);
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});
