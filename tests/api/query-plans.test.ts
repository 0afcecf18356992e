// Every query the service makes stays an index lookup as the database grows.
//
// One pass over every request path and background job (submissions, the
// moderator's reads and actions, a lost race, webhooks and their worker,
// repair, retention, the feedback export, metrics, the compatible APIs)
// records each command the driver sends and each query the embedded index
// answers. Then:
// - on the embedded FerretDB, every filtered command must be a lone `_id`
//   equality, the only filter FerretDB v1 answers from an index (anything
//   else decodes every document of the collection), and every index query's
//   SQLite plan must read an index, never scan a table;
// - on MongoDB, every filtered command's plan must use an index (explain).
import { createHmac } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandStartedEvent } from 'mongodb';
import request from 'supertest';
import { setSiteWebhook } from '../../src/cli/sites';
import { loadRuleBook } from '../../src/ruleset/loader';
import { exportFeedback } from '../../src/service/feedback-export';
import { applyRetention } from '../../src/service/retention';
import { WebhookWorker } from '../../src/service/webhooks/worker';
import { commentModel, type CommentDoc } from '../../src/store/comment-model';
import { INDEX_OPS } from '../../src/store/embedded/index-client';
import { eventIdFor, eventModel } from '../../src/store/event-model';
import { repairFromEventLog } from '../../src/store/repair';
import { startTestApp, type TestApp } from '../helpers/app';
import { actOn, postComment, postHeld } from '../helpers/moderation';
import { startReceiver } from '../helpers/webhook-receiver';

const SECRET = 'query-plans-secret-0123';

function rulesWithRetention(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rules-plans-'));
  cpSync('rules', dir, { recursive: true });
  writeFileSync(path.join(dir, 'default.yaml'), `${readFileSync('rules/default.yaml', 'utf8')}\nretention:\n  days: 30\n  mode: anonymise\n`);
  mkdirSync(path.join(dir, 'sites'), { recursive: true });
  writeFileSync(path.join(dir, 'sites', 'news2.yaml'), 'retention:\n  days: 30\n  mode: delete\n');
  writeFileSync(path.join(dir, 'sites', 'news1.yaml'), 'appeals:\n  enabled: true\n');
  return dir;
}

interface Recorded {
  command: string;
  collection: string;
  filters: Array<Record<string, unknown>>;
  raw: Record<string, unknown>;
}

// Where each command keeps its filter(s); commands without one (insert, getMore, ping, …) are not queries.
const FILTERS: Record<string, (cmd: Record<string, any>) => Array<Record<string, unknown>>> = {
  find: (c) => [c.filter ?? {}],
  findAndModify: (c) => [c.query ?? {}],
  update: (c) => c.updates.map((u: { q: Record<string, unknown> }) => u.q),
  delete: (c) => c.deletes.map((d: { q: Record<string, unknown> }) => d.q),
  count: (c) => [c.query ?? {}],
  distinct: (c) => [c.query ?? {}],
  aggregate: (c) => [{ $pipeline: c.pipeline }],
};

/** FerretDB v1 answers a filter from an index only when it is exactly { _id: <string> }. */
function ferretIndexed(filter: Record<string, unknown>): boolean {
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' && typeof filter._id === 'string';
}

describe('the queries of every request path and background job', () => {
  let t: TestApp;
  const commands: Recorded[] = [];
  const indexQueries: Array<{ collection: string; query: Record<string, unknown> }> = [];
  let clock = Date.parse('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    t = await startTestApp('query_plans', {
      rules: loadRuleBook(rulesWithRetention()),
      moderators: [{ name: 'mo', role: 'moderator' }, { name: 'ad', role: 'admin' }],
      monitorCommands: true,
      observeIndex: (collection, query) => indexQueries.push({ collection, query }),
      parts: { now: () => clock },
    });
    t.conn.getClient().on('commandStarted', (e: CommandStartedEvent) => {
      const read = FILTERS[e.commandName];
      if (!read) return;
      const cmd = e.command as Record<string, any>;
      commands.push({ command: e.commandName, collection: String(cmd[e.commandName]), filters: read(cmd), raw: cmd });
    });

    const receiver = await startReceiver(SECRET);
    try {
      // Submissions: held, approved, a repeat of an externalId, a read back; the compatible APIs.
      await setSiteWebhook(t.store, 'news1', { url: receiver.url, secret: SECRET, events: ['comment.decided', 'comment.moderated'] });
      const held = await postHeld(t, 'news1');
      const raced = await postHeld(t, 'news1');
      const old = await postHeld(t, 'news2');
      const calm = await postComment(t, 'news1', 'A calm note about the library opening hours.', { externalId: 'plan-1' });
      expect((await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Again', text: 'A calm note.', externalId: 'plan-1' })).status).toBe(200);
      expect((await request(t.app).get(`/v1/comments/${calm.id}`).set(t.auth('news1'))).status).toBe(200);
      await request(t.app).post('/1.1/comment-check').type('form').send({ api_key: t.keys.news1, blog: 'https://news.example', comment_content: 'Buy cheap pills now', comment_author: 'Spammer' });
      await request(t.app).post('/v1alpha1/comments:analyze').query({ key: t.keys.news1 }).send({ comment: { text: 'You are an idiot' }, requestedAttributes: { TOXICITY: {} } });

      // Authors, articles and the site switch: a moderator sets and reads each; submissions read them; edits; a check; Coral.
      const mo = t.asModerator('mo');
      await request(t.app).put('/v1/moderation/authors/news1/plan-author').set(mo).send({ mode: 'premod', notes: 'watch' });
      await request(t.app).get('/v1/moderation/authors/news1/plan-author').set(mo);
      await request(t.app).put('/v1/moderation/articles/news1/plan-article').set(mo).send({ mode: 'premod', closeAt: '2999-01-01T00:00:00Z' });
      await request(t.app).get('/v1/moderation/articles/news1/plan-article').set(mo);
      await request(t.app).put('/v1/moderation/sites/news1/hold').set(mo).send({ holdAll: false });
      await request(t.app).get('/v1/moderation/sites/news1/hold').set(mo);
      const authored = await postComment(t, 'news1', 'An authored note on the plan article.', { authorId: 'plan-author', articleId: 'plan-article' });
      expect((await request(t.app).put(`/v1/comments/${authored.id}`).set(t.auth('news1')).send({ text: 'An edited note on the plan article.' })).status).toBe(200);
      expect((await request(t.app).post('/v1/comments').set(t.auth('news1')).send({ name: 'Again', text: 'An edited calm note.', externalId: 'plan-1', editedAt: '2026-03-01T12:00:00Z' })).body.edited).toBe(true);
      await request(t.app).post('/v1/comments:check').set(t.auth('news1')).send({ name: 'Ann', text: 'A checked note.', authorId: 'plan-author', articleId: 'plan-article' });
      await t.store.sites.setCoralSecrets('news1', [SECRET]);
      for (const action of ['NEW', 'EDIT']) {
        const body = JSON.stringify({ action, comment: { body: `A note from Coral, ${action}.`, parentID: null }, author: { id: 'coral-author', role: 'COMMENTER' }, story: { id: 'plan-story', url: 'https://news.example/s' }, site: { id: 's' }, tenantID: 't', tenantDomain: 'localhost' }, null, 2);
        const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
        expect((await request(t.app).post('/v1/integrations/coral/news1').set('Content-Type', 'application/json').set('X-Coral-Signature', signature).send(body)).status).toBe(200);
      }

      // The moderator: queue (filters, a second page), stats, a comment's detail, an action, a lost race, a bulk action.
      const mod = t.asModerator('mo');
      const first = await request(t.app).get('/v1/moderation/queue').query({ limit: 1 }).set(mod);
      await request(t.app).get('/v1/moderation/queue').query({ limit: 1, cursor: first.body.nextCursor }).set(mod);
      await request(t.app).get('/v1/moderation/queue').query({ check: 'patterns', rule: 'patterns.email', site: 'news1' }).set(mod);
      await request(t.app).get('/v1/moderation/queue').query({ language: 'de', site: 'news1' }).set(mod);
      await request(t.app).get('/v1/moderation/stats').set(mod);
      expect((await actOn(t, 'mo', held, { action: 'approve', expectedVersion: 1 })).status).toBe(200);
      const race = await Promise.all([actOn(t, 'mo', raced, { action: 'approve', expectedVersion: 1 }), actOn(t, 'ad', raced, { action: 'reject', expectedVersion: 1 })]);
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
      await request(t.app).post('/v1/moderation/actions').set(mod).send({ actions: [{ id: held, action: 'hold', expectedVersion: 2 }] });
      expect((await request(t.app).get(`/v1/moderation/comments/${held}`).set(mod)).status).toBe(200);
      // Presence: two heartbeats (one read back, one stale entry deleted on the way), a close.
      expect((await request(t.app).put(`/v1/moderation/comments/${held}/presence`).set(t.asModerator('ad'))).status).toBe(200);
      clock += 11 * 60_000;
      expect((await request(t.app).put(`/v1/moderation/comments/${held}/presence`).set(mod)).body.viewers).toEqual([]);
      expect((await request(t.app).delete(`/v1/moderation/comments/${held}/presence`).set(mod)).status).toBe(204);
      await request(t.app).get('/v1/moderation/webhooks/deliveries').query({ site: 'news1', state: 'pending' }).set(t.asModerator('ad'));
      await request(t.app).get('/metrics');

      // Reports (a repeat, the threshold's hold), the reported queue and its counts, a muted reporter; an appeal and its decision.
      const reported = (await postComment(t, 'news1', 'A calm note about the tram works.')).id;
      const site1 = t.auth('news1');
      for (const reader of ['r1', 'r1', 'r2']) await request(t.app).post(`/v1/comments/${reported}/reports`).set(site1).send({ reason: 'spam', reporterId: reader });
      const threat = await request(t.app).post(`/v1/comments/${reported}/reports`).set(site1).send({ reason: 'threat', reporterId: 'r3' });
      expect(threat.status).toBe(201);
      expect((await request(t.app).get(`/v1/comments/${reported}`).set(site1)).body.statement.code).toBe('reports.threshold');
      const reportedPage = await request(t.app).get('/v1/moderation/reported').query({ limit: 1 }).set(mod);
      expect(reportedPage.body.items).toHaveLength(1);
      await request(t.app).get('/v1/moderation/reported').query({ limit: 1, cursor: reportedPage.body.nextCursor, site: 'news1' }).set(mod);
      await request(t.app).get('/v1/moderation/notices/counts').set(mod);
      await request(t.app).post('/v1/moderation/reporters/mute').set(mod).send({ site: 'news1', reporter: threat.body.id.split('|')[1] });
      expect((await actOn(t, 'mo', reported, { action: 'reject', expectedVersion: 2, reasonCode: 'threat' })).status).toBe(200);
      expect((await request(t.app).post(`/v1/comments/${reported}/appeals`).set(site1).send({ statement: 'It was a joke.' })).status).toBe(201);
      await request(t.app).get('/v1/moderation/appealed').set(mod);
      expect((await request(t.app).post(`/v1/moderation/comments/${reported}/appeal-decision`).set(t.asModerator('ad')).send({ version: 3, outcome: 'uphold', code: 'threat' })).status).toBe(200);

      // The webhook worker's pass, as the service runs it.
      await new WebhookWorker(t.store, { owner: 'plans', log: () => {} }).runOnce();

      // Repair: an action whose process died between the event and the comment update.
      const comment = (await commentModel(t.conn).findById(old).lean<CommentDoc>())!;
      await eventModel(t.conn).collection.insertOne({
        _id: eventIdFor(old, 2), commentId: old, site: comment.site, version: 2, actor: 'crashy', role: 'moderator', action: 'reject',
        from: 'hold', to: 'reject', note: 'a note', reason: null, rulesVersion: comment.decision.rulesVersion,
        rulesVersionAtAction: comment.decision.rulesVersion, at: new Date(clock - 120_000), state: 'pending',
      } as never);
      expect((await repairFromEventLog(t.store, { now: () => clock })).applied).toBe(1);

      // The feedback export, then retention (and the history purge) once everything is old.
      await exportFeedback(t.store, {}, () => {});
      clock += 40 * 86_400_000;
      const report = await applyRetention(t.store, loadRuleBook(rulesWithRetention()), clock);
      expect(report.anonymised + report.deleted).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  }, 120_000);

  afterAll(async () => { await t.close(); });

  it('recorded the queries of every path', () => {
    const seen = new Set(commands.map((c) => `${c.command} ${c.collection}`));
    for (const expected of ['update events', 'find events', 'find comments', 'find sites', 'delete history_events', 'delete comments', 'update comments', 'find appeals', 'update reports', 'update reporters', 'delete notice_queue', 'update presence', 'delete presence']) {
      expect(seen).toContain(expected);
    }
  });

  const onEmbedded = process.env.MONGODB_URI ? it.skip : it;
  const onMongo = process.env.MONGODB_URI ? it : it.skip;

  onEmbedded('on the embedded database, filters only by _id, the one filter FerretDB answers from an index', () => {
    const scanning = commands.flatMap((c) => c.filters.filter((f) => !ferretIndexed(f)).map((f) => `${c.command} ${c.collection} ${JSON.stringify(f)}`));
    expect(scanning).toEqual([]);
  });

  onEmbedded("on the embedded database, every op of its index was asked, and none scans a table", async () => {
    expect(new Set(indexQueries.map((q) => q.query.op))).toEqual(new Set(INDEX_OPS));
    const index = t.store.index!;
    for (const { collection, query } of indexQueries) {
      const plan = await index.explain(collection, query);
      expect({ op: query.op, collection, steps: plan.length > 0 }).toEqual({ op: query.op, collection, steps: true });
      // "SCAN <table>" alone reads every row of a table; "SEARCH … USING INDEX" and "SCAN … USING COVERING INDEX" read
      // an index, "SCAN (subquery-N)" the few rows a subquery already found, "SCAN r" a comment's rules (json_each).
      const tableScans = plan.filter((step) => /^SCAN [A-Za-z_]\w*$/.test(step) && step !== 'SCAN r');
      expect({ op: query.op, tableScans }).toEqual({ op: query.op, tableScans: [] });
    }
  });

  onMongo('on MongoDB, every filtered command uses an index', async () => {
    const admin = t.conn.db!;
    for (const { command, collection, raw } of commands) {
      if (command === 'aggregate') throw new Error(`aggregation on ${collection}: not allowed on a request path`);
      const { lsid, $clusterTime, $db, txnNumber, writeConcern, readConcern, ...cmd } = raw as Record<string, unknown>;
      const plan = JSON.stringify(await admin.command({ explain: cmd, verbosity: 'queryPlanner' }));
      expect({ command, collection, collscan: plan.includes('COLLSCAN') }).toEqual({ command, collection, collscan: false });
    }
  });
});
