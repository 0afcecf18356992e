// Statements of reasons reach the site in signed webhooks: with the automatic
// hold, with a moderator's reject, with the hold readers' reports made, and
// an appeal's outcome with its own statement.
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
});
