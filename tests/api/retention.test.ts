import { mkdtempSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadRuleBook } from '../../src/ruleset/loader';
import { applyRetention } from '../../src/service/retention';
import { commentModel } from '../../src/store/comment-model';
import { deliveryModel } from '../../src/store/delivery-model';
import { eventModel } from '../../src/store/event-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { PersonalDataProtection } from '../../src/service/personal-data';
import { appeal, LEGAL, report } from '../helpers/notices';

function rulesWithRetention(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rules-retention-'));
  cpSync('rules', dir, { recursive: true });
  writeFileSync(path.join(dir, 'default.yaml'), `${require('node:fs').readFileSync('rules/default.yaml', 'utf8')}\nretention:\n  days: 30\n  mode: anonymise\n`);
  mkdirSync(path.join(dir, 'sites'), { recursive: true });
  writeFileSync(path.join(dir, 'sites', 'news2.yaml'), 'retention:\n  days: 30\n  mode: delete\n');
  writeFileSync(path.join(dir, 'sites', 'news1.yaml'), 'appeals:\n  enabled: true\n  windowDays: 30\n');
  return dir;
}

describe('retention job', () => {
  let t: TestApp;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const book = loadRuleBook(rulesWithRetention());
  beforeAll(async () => { t = await startTestApp('retention', { rules: book, parts: { now: () => clock } }); });
  afterAll(async () => { await t.close(); });

  it('anonymises old comments on one site and deletes them on another, leaving recent ones alone', async () => {
    const post = (site: string, body: object) => request(t.app).post('/v1/comments').set(t.auth(site)).send(body);
    const oldOne = await post('news1', { name: 'Old Olga', email: 'olga@example.org', ip: '198.51.100.7', text: 'What the fuck is this council doing' });
    const oldTwo = await post('news2', { name: 'Old Otto', text: 'An old comment on the second site' });
    clock += 40 * 86_400_000;
    const fresh = await post('news1', { name: 'New Nina', email: 'nina@example.org', text: 'A recent and kind comment' });

    const report = await applyRetention(t.store, book, clock);
    expect(report).toMatchObject({ anonymised: 1, deleted: 1 });

    const comments = commentModel(t.conn);
    const anonymised = await comments.findById(oldOne.body.id).lean();
    expect(anonymised).toMatchObject({ name: '[removed]', text: '[removed]', status: oldOne.body.status, decision: { action: oldOne.body.decision } });
    expect(anonymised!.email).toBeUndefined();
    expect(anonymised!.ip).toBeUndefined();
    // Reasons keep their rules and offsets, not the quoted words.
    const spans = anonymised!.decision.reasons.flatMap((r) => r.evidence.spans ?? []);
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.every((s) => s.text === '' && s.end > s.start)).toBe(true);
    // Nor does any message or classifier explanation quote the comment any more.
    expect(oldOne.body.reasons.some((r: { message: string }) => /fuck/i.test(r.message))).toBe(true);
    expect(JSON.stringify(anonymised!.decision)).not.toMatch(/fuck|council/i);
    expect(anonymised!.decision.reasons.every((r) => r.rule && r.action)).toBe(true);

    expect(await comments.findById(oldTwo.body.id).lean()).toBeNull();
    expect(await comments.findById(fresh.body.id).lean()).toMatchObject({ name: 'New Nina', email: 'nina@example.org' });

    // Running again changes nothing.
    expect(await applyRetention(t.store, book, clock)).toMatchObject({ anonymised: 0, deleted: 0 });
  });

  it('deletes webhook deliveries older than the retention period, whatever their state', async () => {
    const deliveries = deliveryModel(t.conn);
    const at = (daysAgo: number) => new Date(clock - daysAgo * 86_400_000);
    const delivery = (id: string, site: string, daysAgo: number, state: 'pending' | 'delivered' | 'failed') => ({
      _id: id, site, type: 'comment.decided' as const, commentId: `c-${id}`,
      payload: { data: { decision: { reasons: [{ message: 'Contains the severe profanity "fuck".' }] } } },
      state, attempts: 1, nextAttemptAt: at(daysAgo), createdAt: at(daysAgo), deliveredAt: null, log: [],
    });
    await deliveries.insertMany([
      delivery('old-delivered', 'news1', 45, 'delivered'),
      delivery('old-failed', 'news2', 45, 'failed'),
      delivery('recent', 'news1', 5, 'delivered'),
    ]);
    const report = await applyRetention(t.store, book, clock);
    expect(report.deliveriesDeleted).toBe(2);
    expect((await deliveries.find({}, { _id: 1 }).lean()).map((d) => d._id)).toEqual(['recent']);
  });

  it("removes old audit notes, on both sites, and keeps the events' who, what and when", async () => {
    const events = eventModel(t.conn);
    const at = (daysAgo: number) => new Date(clock - daysAgo * 86_400_000);
    const event = (commentId: string, site: string, daysAgo: number, note: string | null) => ({
      _id: `${commentId}:v2`, commentId, site, version: 2, actor: 'ada', role: 'moderator' as const, action: 'reject' as const,
      from: 'hold' as const, to: 'reject' as const, note, reason: 'spam', rulesVersion: 'r1', rulesVersionAtAction: 'r1', at: at(daysAgo), state: 'applied' as const,
    });
    await events.insertMany([
      event('old-note', 'news1', 45, 'Olga again: "buy cheap pills at my shop"'),
      event('old-note-2', 'news2', 45, 'same spammer as last week'),
      event('old-no-note', 'news1', 45, null),
      event('recent-note', 'news1', 5, 'keep an eye on this one'),
    ]);
    const report = await applyRetention(t.store, book, clock);
    expect(report.notesRemoved).toBe(2);
    const byId = new Map((await events.find({}).lean()).map((e) => [e.commentId, e]));
    expect(byId.get('old-note')).toMatchObject({ note: '[removed]', actor: 'ada', action: 'reject', reason: 'spam', at: at(45) });
    expect(byId.get('old-note-2')!.note).toBe('[removed]');
    expect(byId.get('old-no-note')!.note).toBeNull();
    expect(byId.get('recent-note')!.note).toBe('keep an eye on this one');
    expect((await applyRetention(t.store, book, clock)).notesRemoved).toBe(0);
  });

  it('stores digests instead of IPs and emails when asked to', async () => {
    const hashed = await startTestApp('retention_hash', { parts: { personalData: new PersonalDataProtection('retention-test-key-of-at-least-32-chars') } });
    try {
      const res = await request(hashed.app).post('/v1/comments').set(hashed.auth('news1')).send({ name: 'Pat', email: 'pat@example.org', ip: '192.0.2.1', text: 'hello there' });
      const doc = await commentModel(hashed.conn).findById(res.body.id).lean();
      expect(doc!.email).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      expect(doc!.ip).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      expect(JSON.stringify(doc)).not.toContain('192.0.2.1');
    } finally {
      await hashed.close();
    }
  });

  it('removes the texts an edit kept, with the comment (anonymise) or together with it (delete)', async () => {
    const post = (site: string, body: object) => request(t.app).post('/v1/comments').set(t.auth(site)).send(body);
    const kept = await post('news1', { name: 'Edna Edit', text: 'The first words of Edna about the fucking bridge' });
    const gone = await post('news2', { name: 'Ed Gone', text: 'The first words of Ed' });
    for (const [site, id] of [['news1', kept.body.id], ['news2', gone.body.id]]) {
      expect((await request(t.app).put(`/v1/comments/${id}`).set(t.auth(site)).send({ text: 'Second words, also about the fucking bridge' })).body.edited).toBe(true);
    }
    clock += 40 * 86_400_000;
    await applyRetention(t.store, book, clock);
    const events = eventModel(t.conn);
    const edit = (await events.findById(`${kept.body.id}:v2`).lean())!.edit!;
    expect(JSON.stringify(edit)).not.toMatch(/Edna|bridge|fuck/);
    expect(edit.decision.reasons.length).toBeGreaterThan(0);
    expect(await events.findById(`${gone.body.id}:v2`).lean()).toBeNull();
  });

  it("takes a comment's reports, appeals and moderators' presence with it: their free text when anonymised, all of them when deleted", async () => {
    const post = (site: string, body: object) => request(t.app).post('/v1/comments').set(t.auth(site)).send(body);
    const kept = (await post('news1', { name: 'Rita Reported', text: 'What the fuck is the council doing about the ferry' })).body;
    const gone = (await post('news2', { name: 'Dora Deleted', text: 'A calm remark about the ferry timetable' })).body;
    expect(['hold', 'reject']).toContain(kept.status);
    const notice = { reason: 'illegal', note: 'Rita wrote this about the ferry captain', legal: LEGAL };
    expect((await report(t, 'news1', kept.id, { ...notice, reporterId: 'reader-a' })).status).toBe(201);
    expect((await report(t, 'news2', gone.id, { ...notice, reporterId: 'reader-b' })).status).toBe(201);
    expect((await appeal(t, 'news1', kept.id, { statement: 'I am Rita and I only asked about the ferry' })).status).toBe(201);
    const onReportedQueue = async () => (await t.store.notices.queuePage('reported', ['news2'], null, 100)).map((e) => e.commentId);
    expect(await onReportedQueue()).toContain(gone.id);
    // A moderator had the deleted one open and never closed it.
    await t.store.presence.mark({ commentId: gone.id, moderator: 'mo', role: 'moderator', seenAt: new Date(clock) });
    const presenceOf = (id: string) => t.store.presence.lookingAt(id, new Date(0), new Date(0));
    expect(await presenceOf(gone.id)).toHaveLength(1);

    clock += 40 * 86_400_000;
    expect((await applyRetention(t.store, book, clock)).noticeTextsRemoved).toBe(2);

    const reports = await t.store.notices.reportsOf(kept.id);
    const appeals = await t.store.notices.appealsOf(kept.id);
    expect(reports).toHaveLength(1);
    expect(appeals).toHaveLength(1);
    expect(JSON.stringify([reports, appeals])).not.toMatch(/Rita|ferry|threatens/);
    // What the statements of reasons and the transparency export need stays.
    expect(reports[0]).toMatchObject({ reason: 'illegal', note: '[removed]', legal: { law: LEGAL.law, explanation: '[removed]', goodFaith: true } });
    expect(appeals[0]).toMatchObject({ state: 'open', status: kept.status, statement: '[removed]' });

    expect(await t.store.notices.reportsOf(gone.id)).toEqual([]);
    expect(await presenceOf(gone.id)).toEqual([]);
    expect(await onReportedQueue()).not.toContain(gone.id);
    expect((await applyRetention(t.store, book, clock)).noticeTextsRemoved).toBe(0);
  });
});
