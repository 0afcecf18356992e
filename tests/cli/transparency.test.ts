// `moderate transparency export`: statements of reasons in the Transparency
// Database's field names, batches of at most 100, and nothing personal.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRuleBook } from '../../src/ruleset/loader';
import { exportTransparency } from '../../src/service/notices/transparency-export';
import { startTestApp, type TestApp } from '../helpers/app';
import { runModerate } from '../helpers/cli';
import { testDatabaseUri } from '../helpers/db';
import { actOn, postComment, postHeld } from '../helpers/moderation';
import { report } from '../helpers/notices';

const NAME = 'transparency_cli';
// Read when a command runs: the test database's address is known only once the global setup ran.
const cli = (...argv: string[]) => runModerate(argv, { env: { MONGODB_URI: testDatabaseUri(NAME), LOG_LEVEL: 'silent' } });

describe('moderate transparency export', () => {
  let t: TestApp;
  const since = new Date(Date.now() - 60_000).toISOString();
  let held: string[] = [];
  let reported = '';
  beforeAll(async () => {
    t = await startTestApp(NAME, { moderators: [{ name: 'mo', role: 'moderator' }] });
    held = [];
    for (let i = 0; i < 101; i++) held.push(await postHeld(t, 'news1'));
    expect((await actOn(t, 'mo', held[0]!, { action: 'reject', expectedVersion: 1, reasonCode: 'spam' })).status).toBe(200);
    reported = (await postComment(t, 'news2', 'A calm remark about the night buses.', { email: 'ann@reader.example', ip: '203.0.113.9' })).id;
    await report(t, 'news2', reported, { reason: 'threat', reporterId: 'reader-secret-id', note: 'a note from a reader' });
    await postComment(t, 'news1', 'A calm remark about the library.');
  }, 60_000);
  afterAll(async () => { await t.close(); });

  it('writes one batch of up to 100 per line, in the database\'s field names, without personal data', async () => {
    const until = new Date(Date.now() + 60_000).toISOString();
    const res = await cli('transparency', 'export', '--since', since, '--until', until);
    expect(res.code).toBe(0);
    const batches = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { statements: Array<Record<string, unknown>> });
    expect(batches.map((b) => b.statements.length)).toEqual([100, 3]);
    const all = batches.flatMap((b) => b.statements);
    expect(new Set(all.map((s) => s.puid)).size).toBe(103);
    expect(res.stderr).toContain('exported 103 statements of reasons in 2 batches');

    const auto = all.find((s) => s.puid === `${held[1]}:v1`)!;
    expect(auto).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'], decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', content_type: ['CONTENT_TYPE_TEXT'],
      source_type: 'SOURCE_VOLUNTARY', automated_detection: 'Yes', automated_decision: 'AUTOMATED_DECISION_FULLY',
    });
    expect(auto.application_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(all.find((s) => s.puid === `${held[0]}:v2`)).toMatchObject({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED', category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE' });
    expect(all.find((s) => s.puid === `${reported}:v2`)).toMatchObject({ source_type: 'SOURCE_ARTICLE_16', decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', category: 'STATEMENT_CATEGORY_VIOLENCE', automated_detection: 'No' });

    for (const personal of ['@example.org', 'ann@reader.example', '203.0.113.9', 'reader-secret-id', 'a note from a reader', 'Reader ', 'night buses']) expect(res.stdout).not.toContain(personal);
  });

  it('finds the same statements through the embedded database\'s index as through queries', async () => {
    const seen: string[] = [];
    const until = new Date(Date.now() + 60_000);
    const result = await exportTransparency(t.store, loadRuleBook('rules'), { since: new Date(since), until }, (batch) => { seen.push(...batch.map((s) => s.puid)); });
    expect(result).toEqual({ statements: 103, batches: 2 });
    expect(seen).toContain(`${reported}:v2`);
  });

  it('keeps to the range and the site, and writes files with --out', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'transparency-'));
    const until = new Date(Date.now() + 60_000).toISOString();
    const res = await cli('transparency', 'export', '--since', since, '--until', until, '--site', 'news2', '--out', dir);
    expect(res.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['statements-00001.json']);
    expect(JSON.parse(readFileSync(path.join(dir, 'statements-00001.json'), 'utf8')).statements.map((s: { puid: string }) => s.puid)).toEqual([`${reported}:v2`]);
    const before = await cli('transparency', 'export', '--since', '2020-01-01', '--until', '2020-02-01');
    expect(before.stdout).toBe('');
    expect((await cli('transparency', 'export', '--since', '2020-01-01')).code).toBe(2);
  });
});
