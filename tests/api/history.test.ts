import request from 'supertest';
import { prepare } from '../../src/moderation/engine';
import { historyKeys } from '../../src/moderation/history-keys';
import { HISTORY_COLLECTION, rangeOf } from '../../src/store/history-store';
import { startTestApp, type TestApp } from '../helpers/app';

describe('history checks against the database', () => {
  let t: TestApp;
  let clock = Date.parse('2026-11-27T12:00:00Z');
  beforeAll(async () => { t = await startTestApp('history', { parts: { now: () => clock } }); });
  afterAll(async () => { await t.close(); });

  const post = (body: object) => request(t.app).post('/v1/comments').set(t.auth('news1')).send(body);
  const ruleIds = (res: request.Response) => res.body.reasons.map((r: { rule: string }) => r.rule);

  it('holds the same text again from the same author, and not after the window', async () => {
    const body = { name: 'Repeat Rita', text: 'I said this already and I will say it again' };
    expect(ruleIds(await post(body))).not.toContain('history.duplicate');
    clock += 60_000;
    const second = await post(body);
    expect(second.body.decision).toBe('hold');
    expect(ruleIds(second)).toContain('history.duplicate');
    clock += 2 * 3600_000;
    expect(ruleIds(await post(body))).not.toContain('history.duplicate');
  });

  it('counts a duplicate by email or IP even under another name', async () => {
    const text = 'Totally independent opinion number seven';
    await post({ name: 'Sock One', email: 'sock@example.org', text });
    const res = await post({ name: 'Sock Two', email: 'SOCK@example.org', text });
    expect(ruleIds(res)).toContain('history.duplicate');
  });

  it('holds a copy-paste campaign from several authors', async () => {
    const text = 'Everyone should read the truth at the link in my profile';
    const a = await post({ name: 'Camp A', text });
    const b = await post({ name: 'Camp B', text });
    const c = await post({ name: 'Camp C', text });
    expect(ruleIds(a)).not.toContain('history.campaign');
    expect(ruleIds(b)).not.toContain('history.campaign');
    expect(ruleIds(c)).toContain('history.campaign');
    expect(c.body.decision).toBe('hold');
  });

  it('holds a flood from one IP once it passes the limit, and two instances agree', async () => {
    // A second app on the same database stands for a second service instance.
    const other = await startTestApp('history', { parts: { now: () => clock }, keepData: true });
    const results: string[][] = [];
    for (let i = 0; i < 11; i++) {
      const app = i % 2 ? other.app : t.app;
      const key = i % 2 ? other.auth('news1') : t.auth('news1');
      const res = await request(app).post('/v1/comments').set(key).send({ name: `Flood ${i}`, ip: '203.0.113.9', text: `Distinct comment number ${i} about the match` });
      results.push(ruleIds(res));
      clock += 1000;
    }
    expect(results.slice(0, 10).every((r) => !r.includes('history.flood'))).toBe(true);
    expect(results[10]).toContain('history.flood');
    await other.close();
  });

  it('sees every one of many concurrent copies: one goes through, the rest are held, no event is lost', async () => {
    const body = { name: 'Burst Bea', text: 'Posted from many tabs at the very same moment' };
    const copies = 12;
    const responses = await Promise.all(Array.from({ length: copies }, () => post(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(copies).fill(201));
    const duplicates = responses.filter((r) => ruleIds(r).includes('history.duplicate'));
    expect(duplicates).toHaveLength(copies - 1);
    // Every comment's event is stored under its author key, concurrent ones included.
    const key = historyKeys(prepare({ site: 'news1', ...body }))[0]!;
    const range = rangeOf(key.id, 0);
    expect(await t.conn.db!.collection(HISTORY_COLLECTION).countDocuments({ _id: { $gte: range.from, $lt: range.to } as never })).toBe(copies);
  });

  it('does not count a retried externalId twice', async () => {
    const body = { name: 'Retry Rae', text: 'Posting once, maybe twice by accident', externalId: 'retry-1' };
    await post(body);
    // A retry after a failure that happened after the history write.
    await t.conn.collection('comments').deleteOne({ externalId: 'retry-1' });
    const again = await post(body);
    expect(again.status).toBe(201);
    expect(ruleIds(again)).not.toContain('history.duplicate');
  });

  it('reads a key\'s events as one range of _id, through an index', async () => {
    const prepared = prepare({ site: 'news1', name: 'Repeat Rita', text: 'I said this already and I will say it again' });
    const key = historyKeys(prepared)[0]!;
    const range = rangeOf(key.id, 0);
    const index = t.store.index;
    if (index) {
      // The embedded database answers the range from SQLite's _id index (FerretDB would scan).
      const plan = await index.explain(HISTORY_COLLECTION, { op: 'idRanges', ranges: [range], limit: 200 });
      expect(plan.join(' ')).toMatch(/USING INDEX \S+__id_path/);
    } else {
      const explain = (await t.conn.db!.collection(HISTORY_COLLECTION).find({ _id: { $gte: range.from, $lt: range.to } as never }).sort({ _id: -1 }).explain()) as { queryPlanner: { winningPlan: unknown } };
      expect(JSON.stringify(explain.queryPlanner.winningPlan)).toMatch(/IXSCAN/);
    }
  });

  it('purges events once they left every window', async () => {
    const before = await t.conn.db!.collection(HISTORY_COLLECTION).countDocuments({});
    expect(before).toBeGreaterThan(0);
    expect(await t.store.history.purge(new Date(clock + 1))).toBe(before);
    expect(await t.conn.db!.collection(HISTORY_COLLECTION).countDocuments({})).toBe(0);
  });
});

describe('what is not a duplicate or a campaign', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('history_short', {}); });
  afterAll(async () => { await t.close(); });
  const post = (body: object) => request(t.app).post('/v1/comments').set(t.auth('news1')).send(body);
  const historyRules = (res: request.Response) => res.body.reasons.map((r: { rule: string }) => r.rule).filter((r: string) => r.startsWith('history.'));

  it('two different emoji-only comments from one reader: not "the same text"', async () => {
    expect(historyRules(await post({ name: 'Emoji Em', text: '👏👏👏' }))).toEqual([]);
    expect(historyRules(await post({ name: 'Emoji Em', text: '😡' }))).toEqual([]);
    expect(historyRules(await post({ name: 'Emoji Em', text: '👏👏👏' }))).toEqual([]);
  });

  it('a short, common reply from three readers, or twice from one: not a campaign or a duplicate', async () => {
    for (const name of ['Reader A', 'Reader B', 'Reader C']) expect(historyRules(await post({ name, text: 'Totally agree with this.' }))).toEqual([]);
    expect(historyRules(await post({ name: 'Reader A', text: 'Great article, thanks!' }))).toEqual([]);
    expect(historyRules(await post({ name: 'Reader A', text: 'Great article, thanks!' }))).toEqual([]);
  });

  it('a real copy-paste, once long enough, still is', async () => {
    const text = 'Vote for the new stadium plan tomorrow, it will bring jobs to everyone here';
    const rules = [];
    for (const name of ['Copy A', 'Copy B', 'Copy C']) rules.push(historyRules(await post({ name, text })));
    expect(rules[2]).toContain('history.campaign');
    expect(historyRules(await post({ name: 'Copy A', text }))).toContain('history.duplicate');
  });
});
