// `moderate keys`, `sites`, `repair` and `feedback`, run in-process against
// the test database through MONGODB_URI, the way an operator runs them while
// the service is up.
import { createHmac } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import request from 'supertest';
import { runCli } from '../../src/cli/main';
import { digestKey } from '../../src/access/key-ring';
import { commentModel, type CommentDoc } from '../../src/store/comment-model';
import { eventIdFor, eventModel } from '../../src/store/event-model';
import { moderatorKeyModel } from '../../src/store/moderator-key-model';
import { siteModel } from '../../src/store/site-model';
import { startTestApp, type TestApp } from '../helpers/app';
import { testDatabaseUri } from '../helpers/db';
import { actOn, postComment, postHeld } from '../helpers/moderation';

const NAME = 'moderation_cli';

async function moderate(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, done) { append(String(chunk)); done(); } });
  const code = await runCli(argv, {
    stdin: Readable.from([]),
    stdout: sink((s) => { stdout += s; }),
    stderr: sink((s) => { stderr += s; }),
    env: { MONGODB_URI: testDatabaseUri(NAME), LOG_LEVEL: 'silent' },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

describe('moderate keys, sites, repair, feedback', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(NAME, { moderators: [{ name: 'mo', role: 'moderator' }], parts: { moderation: { keyCacheMs: 0 } } }); });
  afterAll(async () => { await t.close(); });

  it('adds a key that works at once, stores only its digest, lists and revokes it', async () => {
    const added = await moderate('keys', 'add', 'erin', '--role', 'moderator', '--sites', 'news1,news2');
    expect(added.code).toBe(0);
    const key = added.stdout.trim();
    expect(key).toMatch(/^mk_[A-Za-z0-9_-]{32}$/);
    const stored = await moderatorKeyModel(t.conn).findById(digestKey(key)).lean();
    expect(stored).toMatchObject({ name: 'erin', role: 'moderator', sites: ['news1', 'news2'], revokedAt: null });
    expect(JSON.stringify(await moderatorKeyModel(t.conn).find({}).lean())).not.toContain(key);

    const auth = { Authorization: `Bearer ${key}` };
    expect((await request(t.app).get('/v1/moderation/queue').set(auth)).status).toBe(200);
    const listed = await moderate('keys', 'list');
    expect(listed.stdout).toContain(`${digestKey(key).slice(0, 12)}  erin  moderator  news1,news2`);
    expect(listed.stdout).toContain('active');

    expect((await moderate('keys', 'revoke', 'erin')).stdout).toBe('revoked 1 key\n');
    expect((await request(t.app).get('/v1/moderation/queue').set(auth)).status).toBe(401);
    expect((await moderate('keys', 'revoke', 'erin')).code).toBe(1);
  });

  it.each([
    [['keys', 'add', 'x'], '--role'],
    [['keys', 'add', 'x', '--role', 'owner'], '--role'],
    [['keys', 'add', 'bad name', '--role', 'viewer'], 'NAME'],
    [['keys', 'frobnicate'], 'usage'],
    [['sites', 'set-webhook', 'news1', 'ftp://example.org/x'], 'http'],
    [['sites', 'set-webhook', 'news1', 'https://example.org/x', '--events', 'deleted'], '--events'],
    [['sites', 'set-webhook', 'news1', 'https://example.org/x', '--secret', 'short'], '--secret'],
    [['feedback', 'export', '--since', 'yesterday'], '--since'],
    [['repair', '--min-age', 'soon'], '--min-age'],
  ])('explains a usage error (exit 2) for %j', async (argv, mention) => {
    const res = await moderate(...argv);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(mention);
  });

  it.each([
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://169.254.169.254/latest/meta-data', 'metadata'],
    ['http://10.0.0.1/hook', 'private'],
    ['http://[::1]/hook', 'loopback'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://2130706433/hook', '127.0.0.1 is a loopback'],
    ['http://localhost:8080/hook', 'loopback name'],
    ['https://user:pass@hooks.example.org/h', 'user name or password'],
  ])('refuses the internal webhook target %s (exit 2)', async (url, mention) => {
    const res = await moderate('sites', 'set-webhook', 'news3', url);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(mention);
    expect(await siteModel(t.conn).findById('news3').lean()).toBeNull();
  });

  it('never prints the credentials of a webhook URL stored before they were refused', async () => {
    await siteModel(t.conn).collection.insertOne({ _id: 'legacy', webhook: { url: 'https://alice:s3cret-pass@hooks.example.org/h', secret: 'a-secret-of-enough-length', events: ['comment.moderated'] }, updatedAt: new Date() } as never);
    const listed = await moderate('sites', 'list');
    expect(listed.stdout).toContain('legacy  https://***@hooks.example.org/h  comment.moderated');
    expect(listed.stdout).not.toContain('s3cret-pass');
    expect(listed.stdout).not.toContain('alice');
    await siteModel(t.conn).deleteOne({ _id: 'legacy' });
  });

  it('sets, lists and removes a webhook; comment.decided only when asked for', async () => {
    const set = await moderate('sites', 'set-webhook', 'news1', 'https://hooks.example.org/moderation');
    expect(set.code).toBe(0);
    const secret = set.stdout.trim();
    expect(secret).toMatch(/^whsec_/);
    expect(await siteModel(t.conn).findById('news1').lean()).toMatchObject({ webhook: { url: 'https://hooks.example.org/moderation', secret, events: ['comment.moderated'] } });
    await moderate('sites', 'set-webhook', 'news2', 'https://news2.example.org/h', '--events', 'decided,moderated', '--secret', 'a-secret-of-enough-length');
    expect(await siteModel(t.conn).findById('news2').lean()).toMatchObject({ webhook: { secret: 'a-secret-of-enough-length', events: ['comment.decided', 'comment.moderated'] } });
    const listed = await moderate('sites', 'list');
    expect(listed.stdout).toBe('news1  https://hooks.example.org/moderation  comment.moderated\nnews2  https://news2.example.org/h  comment.decided,comment.moderated\n');
    expect(listed.stdout).not.toContain(secret);
    await moderate('sites', 'remove-webhook', 'news2');
    expect((await moderate('sites', 'list')).stdout).toContain('news2  no webhook');
    expect((await moderate('sites', 'deliveries', 'news1')).code).toBe(0);
  });

  it("sets Coral's signing secret, keeps the previous one while it is rolled, and removes them", async () => {
    const first = 'coral-secret-first-0123456';
    const second = 'coral-secret-second-789012';
    expect((await moderate('sites', 'set-coral-secret', 'news1', '--secret', first)).code).toBe(0);
    const rolled = await moderate('sites', 'set-coral-secret', 'news1', '--secret', second, '--keep-previous');
    expect(rolled.stdout).toContain('the previous one still verifies');
    expect((await siteModel(t.conn).findById('news1').lean())!.coralSecrets).toEqual([first, second]);
    // What Coral sends signed with the old secret alone still verifies while both are kept.
    const body = JSON.stringify({ action: 'NEW', comment: { body: 'A calm note.', parentID: null }, author: { id: 'cli-author', role: 'COMMENTER' }, story: { id: 's1', url: 'https://news.example/s1' }, site: { id: 'x' }, tenantID: 't', tenantDomain: 'localhost' }, null, 2);
    const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const send = (signature: string) => request(t.app).post('/v1/integrations/coral/news1').set('Content-Type', 'application/json').set('X-Coral-Signature', signature).send(body);
    expect((await send(sign(first))).status).toBe(200);
    expect((await moderate('sites', 'set-coral-secret', 'news1', '--secret', second)).code).toBe(0);
    expect((await send(sign(first))).status).toBe(401);
    expect((await moderate('sites', 'set-coral-secret', 'news1', '--secret', 'short')).code).toBe(2);
    expect((await moderate('sites', 'remove-coral-secret', 'news1')).code).toBe(0);
    expect((await send(sign(second))).status).toBe(401);
  });

  it('repairs an action that crashed between its event and its comment update', async () => {
    const id = await postHeld(t, 'news1');
    const comment = (await commentModel(t.conn).findById(id).lean<CommentDoc>())!;
    await eventModel(t.conn).collection.insertOne({
      _id: eventIdFor(id, 2), commentId: id, site: 'news1', version: 2, actor: 'mo', role: 'moderator', action: 'reject', from: 'hold', to: 'reject',
      note: null, reason: null, rulesVersion: comment.decision.rulesVersion, rulesVersionAtAction: comment.decision.rulesVersion, at: new Date(), state: 'pending',
    } as never);
    const res = await moderate('repair', '--min-age', '0');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ examined: 1, applied: 1, alreadyApplied: 0, voided: 0 });
    expect(await commentModel(t.conn).findById(id).lean()).toMatchObject({ status: 'reject', version: 2 });
  });

  it('exports human decisions as labelled JSON Lines', async () => {
    const spam = await postHeld(t, 'news1');
    const clean = (await postComment(t, 'news2', 'The council meeting ran long but was worth it.')).id;
    const rude = (await postComment(t, 'news1', 'You are a complete moron and everyone knows it.')).id;
    const unsure = await postHeld(t, 'news1');
    expect((await actOn(t, 'mo', spam, { action: 'reject', expectedVersion: 1 })).status).toBe(200);
    expect((await actOn(t, 'mo', clean, { action: 'approve', expectedVersion: 1 })).status).toBe(200);
    const rudeVersion = (await commentModel(t.conn).findById(rude).lean())!.version;
    expect((await actOn(t, 'mo', rude, { action: 'reject', expectedVersion: rudeVersion, reason: 'toxic: insult' })).status).toBe(200);
    expect((await actOn(t, 'mo', unsure, { action: 'hold', expectedVersion: 1 })).status).toBe(200);

    const res = await moderate('feedback', 'export', '--since', '2000-01-01');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const by = (id: string) => lines.filter((l) => l.commentId === id).map((l) => `${l.task}:${l.label}`).sort();
    expect(by(spam)).toEqual(['spam:spam']);
    expect(by(clean)).toEqual(['spam:ham', 'toxic:ok']);
    expect(by(rude)).toEqual(['toxic:toxic']);
    expect(by(unsure)).toEqual([]);
    expect(lines.find((l) => l.commentId === clean)).toMatchObject({ text: 'The council meeting ran long but was worth it.', site: 'news2', action: 'approve', moderator: 'mo' });

    const future = await moderate('feedback', 'export', '--since', '2999-01-01');
    expect(future.stdout).toBe('');
  });
});
