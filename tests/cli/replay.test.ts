// `moderate replay` against a real database seeded with stored decisions and
// moderator actions, where the candidate rule change flips known comments.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Connection } from 'mongoose';
import { runCli } from '../../src/cli/main';
import type { Action } from '../../src/moderation/types';
import type { ReplayReport } from '../../src/ruleset/replay/report';
import { commentModel, type CommentDoc } from '../../src/store/comment-model';
import { closeTestDatabase, openTestDatabase, testDatabaseUri } from '../helpers/db';

const DB_NAME = 'cli_replay';

function rulesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'replay-rules-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

// The candidate: hold comments over 100 characters; on news2, reject them.
const CANDIDATE = rulesDir({
  'default.yaml': 'checks:\n  validity:\n    maxLength: 100\n    tooLongAction: hold\n',
  'sites/news2.yaml': 'checks:\n  validity:\n    tooLongAction: reject\n',
});

const SHORT = (n: number) => `Short remark number ${n} on the council meeting.`;
const LONG = (n: number) =>
  `Comment ${n} about the council meeting, where residents discussed parking, school funding, library hours, bus routes and plans for the riverside park.`;

interface Seed {
  id: string;
  site?: string;
  text: string;
  stored: Action;
  status?: Action;
  version?: number;
}

// Expected under the candidate, and the moderator's decision where one acted:
const SEEDS: Seed[] = [
  { id: 'c01', text: SHORT(1), stored: 'approve' }, //                                  approve, unchanged
  { id: 'c02', text: LONG(2), stored: 'approve' }, //                                   approve -> hold
  { id: 'c03', text: LONG(3), stored: 'approve', status: 'hold', version: 2 }, //       approve -> hold, moderator hold
  { id: 'c04', text: LONG(4), stored: 'approve', version: 2 }, //                       approve -> hold, moderator approve
  { id: 'c05', text: SHORT(5), stored: 'hold', status: 'approve', version: 2 }, //      hold -> approve, moderator approve
  { id: 'c06', text: SHORT(6), stored: 'hold', status: 'reject', version: 2 }, //       hold -> approve, moderator reject
  { id: 'c07', site: 'news2', text: LONG(7), stored: 'approve' }, //                    approve -> reject
  { id: 'c08', site: 'news2', text: LONG(8), stored: 'hold', status: 'reject', version: 3 }, // hold -> reject, moderator reject
  { id: 'c09', text: SHORT(9), stored: 'approve', version: 2 }, //                      approve, unchanged, moderator approve
  { id: 'c10', text: SHORT(10), stored: 'reject' }, //                                  reject -> approve
  { id: 'c11', text: LONG(11), stored: 'hold' }, //                                     hold, unchanged
  { id: 'c12', text: LONG(12), stored: 'approve', status: 'reject', version: 2 }, //    approve -> hold, moderator reject
];

const START = Date.UTC(2025, 0, 1);

function storedDoc(seed: Seed, index: number): CommentDoc {
  const createdAt = new Date(START + index * 60_000);
  const reasons = seed.stored === 'approve' ? [] : [{ check: 'links', rule: 'links.count', action: seed.stored, message: 'Stored reason.', evidence: {} }];
  return {
    _id: seed.id,
    site: seed.site ?? 'news1',
    name: `Reader ${seed.id}`,
    text: seed.text,
    source: 'api',
    textHash: `hash-${seed.id}`,
    createdAt,
    decision: { action: seed.stored, reasons, scores: {}, rulesVersion: 'stored000000', decidedAt: createdAt },
    status: seed.status ?? seed.stored,
    version: seed.version ?? 1,
    rules: reasons.map((r) => `${r.check}:${r.rule}`),
  };
}

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

async function replay(args: string[], env: NodeJS.ProcessEnv = { MONGODB_URI: testDatabaseUri(DB_NAME) }) {
  const out = collect();
  const err = collect();
  const code = await runCli(['replay', ...args], { stdin: process.stdin, stdout: out.stream, stderr: err.stream, env, cwd: process.cwd() });
  return { code, stdout: out.text(), stderr: err.text() };
}

async function replayJson(args: string[]): Promise<{ code: number; report: ReplayReport }> {
  const { code, stdout } = await replay([...args, '--json']);
  return { code, report: JSON.parse(stdout) as ReplayReport };
}

describe('moderate replay', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openTestDatabase(DB_NAME);
    await commentModel(conn).collection.insertMany(SEEDS.map(storedDoc) as never[]);
  });
  afterAll(async () => { await closeTestDatabase(conn); });

  it('finds exactly the decisions the candidate changes, by direction', async () => {
    const { code, report } = await replayJson(['--rules', CANDIDATE]);
    expect(code).toBe(0);
    expect(report.total).toBe(12);
    expect(report.changed).toBe(9);
    const moves = Object.fromEntries(report.transitions.map((t) => [`${t.from}->${t.to}`, t.samples.map((s) => s.id).sort()]));
    // Four moved approve -> hold; the default sample keeps three of them.
    const toHold = moves['approve->hold']!;
    expect(toHold).toHaveLength(3);
    for (const id of toHold) expect(['c02', 'c03', 'c04', 'c12']).toContain(id);
    expect({ ...moves, 'approve->hold': undefined }).toEqual({
      'approve->hold': undefined,
      'hold->approve': ['c05', 'c06'],
      'approve->reject': ['c07'],
      'hold->reject': ['c08'],
      'reject->approve': ['c10'],
    });
    expect(report.transitions.find((t) => t.from === 'approve' && t.to === 'hold')!.count).toBe(4);
    expect(report.actions).toEqual({ current: { approve: 7, hold: 4, reject: 1 }, candidate: { approve: 5, hold: 5, reject: 2 } });
  });

  it('shows the reasons before and after for each sampled change', async () => {
    const { report } = await replayJson(['--rules', CANDIDATE, '--sample', '10']);
    const toReject = report.transitions.find((t) => t.from === 'hold' && t.to === 'reject')!;
    expect(toReject.samples[0]).toMatchObject({
      id: 'c08',
      moderator: 'reject',
      before: { action: 'hold', reasons: [{ rule: 'links.count', action: 'hold', message: 'Stored reason.' }] },
      after: { action: 'reject', reasons: [{ rule: 'validity.too_long', action: 'reject', message: expect.stringContaining('over the limit of 100') }] },
    });
    expect(report.transitions.find((t) => t.from === 'approve' && t.to === 'hold')!.samples).toHaveLength(4);
  });

  it('scores stored and candidate decisions against moderators as computed by hand', async () => {
    const { report } = await replayJson(['--rules', CANDIDATE]);
    // Moderated: c03 hold, c04 approve, c05 approve, c06 reject, c08 reject, c09 approve, c12 reject.
    expect(report.moderated.count).toBe(7);
    // Stored: not-approved c05, c06, c08; moderators kept out c03, c06, c08, c12.
    expect(report.moderated.current).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 2, trueNegatives: 2, precision: 2 / 3, recall: 0.5 });
    // Candidate: not-approved c03, c04, c08, c12.
    expect(report.moderated.candidate).toMatchObject({ truePositives: 3, falsePositives: 1, falseNegatives: 1, trueNegatives: 2, precision: 0.75, recall: 0.75, f1: 0.75 });
  });

  it('exits 1 when a --fail-if condition holds and 0 when none does', async () => {
    const failing = await replay(['--rules', CANDIDATE, '--fail-if', 'recall<0.5', '--fail-if', 'precision<0.95']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/fail-if precision<0\.95: value 0\.75: FAILED/);
    expect(failing.stdout).toMatch(/fail-if recall<0\.5: value 0\.75: passed/);
    const passing = await replay(['--rules', CANDIDATE, '--fail-if', 'precision<0.7', '--fail-if', 'recall_delta<0', '--fail-if', 'changed>9']);
    expect(passing.code).toBe(0);
    const rate = await replayJson(['--rules', CANDIDATE, '--fail-if', 'changed_rate>=75%']);
    expect(rate.code).toBe(1);
    expect(rate.report.failIf).toEqual([{ condition: 'changed_rate>=75%', value: 0.75, failed: true }]);
  });

  it('narrows the replay with --site, --since and --limit', async () => {
    expect((await replayJson(['--rules', CANDIDATE, '--site', 'news2'])).report).toMatchObject({ total: 2, changed: 2 });
    expect((await replayJson(['--rules', CANDIDATE, '--since', '2025-01-01T00:06:00Z'])).report.total).toBe(6);
    expect((await replayJson(['--rules', CANDIDATE, '--limit', '5'])).report).toMatchObject({ total: 5, changed: 4 });
  });

  it('prints readable tables on a terminal and says how history was rebuilt', async () => {
    const { code, stdout } = await replay(['--rules', CANDIDATE]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Replayed 12 stored comments/);
    expect(stdout).toMatch(/Decisions that would change: 9 \(75\.0%\)/);
    expect(stdout).toMatch(/approve -> hold: 4/);
    expect(stdout).toMatch(/candidate\s+0\.750\s+0\.750\s+0\.750\s+3\s+1\s+1\s+2/);
    expect(stdout).toMatch(/in-memory history rebuilt from the replayed comments/);
  });

  it('exits 2 naming the file and field path of invalid candidate rules, before touching the database', async () => {
    const bad = rulesDir({ 'default.yaml': 'checks:\n  validity:\n    maxLength: -3\n' });
    const { code, stderr } = await replay(['--rules', bad], { MONGODB_URI: 'mongodb://127.0.0.1:1/unreachable' });
    expect(code).toBe(2);
    expect(stderr).toContain(path.join(bad, 'default.yaml'));
    expect(stderr).toContain('checks.validity.maxLength');
  });

  it.each([
    ['a bad date', ['--since', '01/02/2025'], /--since/],
    ['an unknown option', ['--bogus', '1'], /unknown option "--bogus"/],
    ['an unknown metric', ['--fail-if', 'accuracy<0.9'], /unknown metric "accuracy"/],
    ['a malformed condition', ['--fail-if', 'precision'], /METRIC OP NUMBER/],
    ['a bad limit', ['--limit', '0'], /--limit/],
  ])('exits 2 for %s', async (_label, extra, message) => {
    const { code, stderr } = await replay(['--rules', CANDIDATE, ...extra]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('exits 2 when the database cannot be reached', async () => {
    const { code, stderr } = await replay(['--rules', CANDIDATE], { MONGODB_URI: 'mongodb://127.0.0.1:1/unreachable', DB_TIMEOUT_MS: '300' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot open the database at mongodb:\/\/127\.0\.0\.1:1\/unreachable/);
  });

  it('exits 2 without --rules', async () => {
    const { code, stderr } = await replay([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--rules DIR is required/);
  });

  it('reads only: stored comments are unchanged after a replay', async () => {
    const before = await commentModel(conn).collection.find({}).sort({ _id: 1 }).toArray();
    await replay(['--rules', CANDIDATE]);
    expect(await commentModel(conn).collection.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
  });
});
