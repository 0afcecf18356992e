// Statements of reasons reach the site in signed webhooks: with the automatic
// hold, with a moderator's reject, with the hold readers' reports made, and
// an appeal's outcome with its own statement; the reports a decision closed
// reach sites that ask, so they can tell their readers.
import { setSiteWebhook } from '../../src/cli/sites';
import { loadRuleBook } from '../../src/ruleset/loader';
import { WebhookWorker } from '../../src/service/webhooks/worker';
import { startTestApp, type TestApp } from '../helpers/app';
import { actOn, postComment, postHeld } from '../helpers/moderation';
import { appeal, decideAppeal, report, rulesWithAppeals } from '../helpers/notices';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver';

const SECRET = 'notice-webhook-secret-0123';

describe('statements of reasons in webhooks', () => {
  let t: TestApp;
  let receiver: Receiver;
  let worker: WebhookWorker;
  beforeAll(async () => {
    t = await startTestApp('notices_webhooks', { rules: loadRuleBook(rulesWithAppeals()), moderators: [{ name: 'mo', role: 'moderator' }, { name: 'm2', role: 'moderator' }] });
    receiver = await startReceiver(SECRET);
    await setSiteWebhook(t.store, 'news1', { url: receiver.url, secret: SECRET, events: ['comment.decided', 'comment.moderated'] });
    await setSiteWebhook(t.store, 'news2', { url: receiver.url, secret: SECRET, events: ['reports.closed'] });
    worker = new WebhookWorker(t.store, { owner: 'notices', pollMs: 20, leaseMs: 5000, timeoutMs: 2000, backoff: { baseMs: 100, maxMs: 400, jitter: 0 }, maxAttempts: 5, allowPrivateTargets: true }).start();
  });
  afterAll(async () => {
    await worker.stop();
    await receiver.close();
    await t.close();
  });

  it('signs every delivery and carries the statement of each hold, reject and appeal outcome', async () => {
    const held = await postHeld(t, 'news1');
    expect((await actOn(t, 'mo', held, { action: 'reject', expectedVersion: 1, reasonCode: 'spam', reason: 'spam' })).status).toBe(200);
    const reported = (await postComment(t, 'news1', 'A calm remark about the ferry timetable.')).id;
    expect((await report(t, 'news1', reported, { reason: 'threat', reporterId: 'r1' })).status).toBe(201);
    expect((await appeal(t, 'news1', held)).status).toBe(201);
    expect((await decideAppeal(t, 'm2', held, { version: 2, outcome: 'reverse', code: 'other', note: 'A fair question after all.' })).status).toBe(200);

    const ids = [`comment.decided:${held}`, `comment.moderated:${held}:v2`, `comment.moderated:${reported}:v2`, `appeal.decided:${held}|v2`, `comment.moderated:${held}:v3`];
    await receiver.waitFor((r) => ids.every((id) => r.some((x) => x.delivery === id && x.answered === 204)));
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    const body = (id: string) => receiver.received.find((r) => r.delivery === id)!.body;

    expect(body(`comment.decided:${held}`).data.statement).toMatchObject({ decision: 'hold', source: 'automated', automatedDecision: true, appeal: { available: true } });
    expect(body(`comment.moderated:${held}:v2`).data.statement).toMatchObject({ decision: 'reject', code: 'spam', source: 'moderator', automatedDecision: false });
    expect(body(`comment.moderated:${reported}:v2`).data).toMatchObject({
      status: 'hold', moderation: { moderator: 'system:reports' },
      statement: { code: 'reports.threshold', source: 'notice', ground: { kind: 'illegal_content' }, facts: { reports: { count: 1, reasons: ['threat'] } } },
    });
    expect(body(`appeal.decided:${held}|v2`)).toMatchObject({ type: 'appeal.decided', data: { status: 'approve', appeal: { state: 'reversed', against: 'reject' }, statement: { outcome: 'reverse', code: 'other', note: 'A fair question after all.', automatedDecision: false } } });
    // The reversal publishes the comment: nothing to explain any more.
    expect(body(`comment.moderated:${held}:v3`).data).not.toHaveProperty('statement');
    // Reporters stay out of what the site is sent: no reader id, no report note.
    expect(JSON.stringify(receiver.received.map((r) => r.body))).not.toContain('r1');
  });

  it("tells a site that asks which reports a person's decision closed, so it can tell the readers who sent them", async () => {
    const upheld = (await postComment(t, 'news2', 'A calm remark about the bus timetable.')).id;
    const dismissed = (await postComment(t, 'news2', 'Another calm remark about the bus timetable.')).id;
    const reportIds: string[] = [];
    for (const [id, reporterId] of [[upheld, 'reader-x'], [upheld, 'reader-y'], [dismissed, 'reader-z']] as const) {
      const res = await report(t, 'news2', id, { reason: 'spam', reporterId, note: 'looks like an advert' });
      expect(res.status).toBe(201);
      reportIds.push(res.body.id);
    }
    expect((await actOn(t, 'mo', upheld, { action: 'reject', expectedVersion: 1, reasonCode: 'spam' })).status).toBe(200);
    expect((await actOn(t, 'mo', dismissed, { action: 'approve', expectedVersion: 1 })).status).toBe(200);

    const ids = [`reports.closed:${upheld}:v2`, `reports.closed:${dismissed}:v2`];
    await receiver.waitFor((r) => ids.every((id) => r.some((x) => x.delivery === id && x.answered === 204)));
    const body = (id: string) => receiver.received.find((r) => r.delivery === id)!.body;
    expect(body(ids[0]!)).toMatchObject({
      type: 'reports.closed', site: 'news2',
      data: { comment: { id: upheld }, status: 'reject', decision: { action: 'reject', code: 'spam', automatedDecision: false }, statement: { decision: 'reject', code: 'spam' } },
    });
    const closed = body(ids[0]!).data.reports as Array<{ id: string; state: string }>;
    expect(closed.map((r) => [r.id, r.state]).sort()).toEqual([[reportIds[0], 'upheld'], [reportIds[1], 'upheld']].sort());
    expect(body(ids[1]!).data).toMatchObject({ status: 'approve', reports: [{ id: reportIds[2], reason: 'spam', state: 'dismissed' }] });
    // Only what it asked for: no comment.moderated for news2; and never who reported nor what they wrote.
    const news2 = receiver.received.filter((r) => r.body.site === 'news2');
    expect(news2.every((r) => r.body.type === 'reports.closed')).toBe(true);
    expect(JSON.stringify(news2.map((r) => r.body))).not.toMatch(/reader-|advert/);
  });
});
