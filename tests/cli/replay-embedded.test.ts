// `moderate replay` on the embedded database's files (DATA_DIR, no
// MONGODB_URI), read by the embedded-db reader instead of a FerretDB cursor:
// the same comments, in the same order, must give the same report as the
// cursor over the same database, with every filter.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Connection } from 'mongoose';
import { runCli } from '../../src/cli/main';
import { readEmbeddedComments } from '../../src/cli/replay/embedded-reader';
import { streamComments } from '../../src/cli/replay/comment-stream';
import { connectDatabase } from '../../src/db/connect';
import { startEmbeddedDb, type EmbeddedDb } from '../../src/db/embedded';
import type { Action } from '../../src/moderation/types';
import type { ReplayReport } from '../../src/ruleset/replay/report';
import { commentModel, type CommentDoc } from '../../src/store/comment-model';

// The candidate: hold comments over 100 characters.
const CANDIDATE = mkdtempSync(path.join(os.tmpdir(), 'replay-embedded-rules-'));

function stored(i: number, createdAt: Date, overrides: Partial<CommentDoc> = {}): CommentDoc {
  const action: Action = i % 3 === 0 ? 'hold' : 'approve';
  const reasons = action === 'approve' ? [] : [{ check: 'links', rule: 'links.count', action, message: `Stored reason ${i}.`, evidence: { count: i, limit: 2.5, spans: [{ field: 'text' as const, start: 0, end: 3, text: 'Sho' }] } }];
  return {
    _id: `c${String(i).padStart(3, '0')}`,
    site: i % 4 === 0 ? 'news2' : 'news1',
    name: `Reader ${i}`,
    // Long ones are held by the candidate (maxLength 100).
    text: i % 2 === 0 ? `Short remark ${i}.` : `Comment ${i} about the council meeting, where residents discussed parking, school funding, library hours and the park.`,
    source: 'api',
    textHash: `hash-${i}`,
    createdAt,
    decision: { action, reasons, scores: { spam: 0.25 }, rulesVersion: 'stored000000', decidedAt: createdAt },
    status: i % 5 === 0 ? 'reject' : action,
    version: i % 5 === 0 ? 2 : 1,
    rules: reasons.map((r) => `${r.check}:${r.rule}`),
    ...overrides,
  };
}

const START = Date.UTC(2025, 0, 1);
const DOCS: CommentDoc[] = [
  ...Array.from({ length: 30 }, (_, i) => stored(i, new Date(START + i * 60_000))),
  // Ties on createdAt (ordered by _id), inserted out of order.
  stored(42, new Date(START + 5 * 60_000), { _id: 'c005b' }),
  stored(43, new Date(START + 5 * 60_000), { _id: 'c005a' }),
  // Dates with fewer digits of milliseconds, and before 1970: ordered by time, not as text.
  stored(44, new Date(Date.UTC(1999, 5, 1)), { _id: 'old1999' }),
  stored(45, new Date(-86_400_000), { _id: 'old1969' }),
  stored(46, new Date(Date.UTC(2001, 0, 1)), { _id: 'old2001' }),
  // Text that JSON escapes, optional input fields, a comment inserted late with an early time.
  stored(47, new Date(START + 90_000), {
    _id: 'odd',
    text: 'Quotes " and \\ backslash, <b>tags</b> & ampersand, line\nbreak, tab\t, emoji 😀, ẞ and \u2028.',
    email: 'a@example.org', ip: '192.0.2.1', userAgent: 'UA "x"', articleId: 'a1', articleUrl: 'https://example.org/a?x=1&y=2', parentId: 'c001', externalId: 'e-47', language: 'de',
  }),
  // Who acted last: a person, the reports' hold, and an edit since the person's decision (null).
  stored(48, new Date(START + 31 * 60_000), { _id: 'acted', status: 'reject', version: 2, lastAction: { actor: 'mo', role: 'moderator', action: 'reject', at: new Date(START + 32 * 60_000) } }),
  stored(49, new Date(START + 32 * 60_000), { _id: 'reported', status: 'hold', version: 2, lastAction: { actor: 'system:reports', role: 'moderator', action: 'hold', at: new Date(START + 33 * 60_000) } }),
  stored(50, new Date(START + 33 * 60_000), { _id: 'edited', version: 3, lastAction: null, editedAt: new Date(START + 34 * 60_000) }),
];

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

async function replay(args: string[], env: NodeJS.ProcessEnv) {
  const out = collect();
  const err = collect();
  const code = await runCli(['replay', '--rules', CANDIDATE, '--json', '--sample', '50', ...args], { stdin: process.stdin, stdout: out.stream, stderr: err.stream, env, cwd: process.cwd() });
  return { code, report: code === 2 ? null : (JSON.parse(out.text()) as ReplayReport), stderr: err.text() };
}

const withoutTimings = (report: ReplayReport | null) => report && { ...report, elapsedMs: 0, commentsPerSecond: 0 };

describe('moderate replay on the embedded database files', () => {
  let dataDir: string;
  let db: EmbeddedDb;
  let conn: Connection;

  beforeAll(async () => {
    writeFileSync(path.join(CANDIDATE, 'default.yaml'), 'checks:\n  validity:\n    maxLength: 100\n    tooLongAction: hold\n');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'replay-embedded-'));
    // The service's layout: the embedded database in DATA_DIR/db, database "moderation".
    db = await startEmbeddedDb({ dataDir: path.join(dataDir, 'db'), supervise: false });
    conn = await connectDatabase({ uri: db.uri, timeoutMs: 10_000, writeConcern: 'majority', journal: true });
    await commentModel(conn).collection.insertMany(DOCS as never[]);
  }, 120_000);

  afterAll(async () => {
    await conn?.close();
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(CANDIDATE, { recursive: true, force: true });
  });

  it.each([
    ['every comment', []],
    ['one site', ['--site', 'news2']],
    ['since a date', ['--since', '2025-01-01T00:05:00Z']],
    ['a limit', ['--limit', '7']],
    ['all three', ['--site', 'news1', '--since', '2000-01-01', '--limit', '9']],
    ['a site with no comments', ['--site', 'nowhere']],
  ])('gives the same report as a FerretDB cursor for %s', async (_label, args) => {
    const files = await replay(args, { DATA_DIR: dataDir });
    const cursor = await replay(args, { MONGODB_URI: db.uri });
    expect(files.code).toBe(0);
    expect(cursor.code).toBe(0);
    expect(withoutTimings(files.report)).toEqual(withoutTimings(cursor.report));
    if (args.length === 0) {
      // Enough changes and moderator decisions that samples and scores are compared too.
      expect(files.report!.total).toBe(DOCS.length);
      expect(files.report!.changed).toBeGreaterThanOrEqual(10);
      expect(files.report!.moderated.count).toBeGreaterThanOrEqual(5);
    }
    expect(files.stderr).toMatch(/reading the embedded database's files/);
  });

  it('reads the same comments, in the same order, with the same fields as the cursor', async () => {
    const fromFiles = [];
    for await (const doc of readEmbeddedComments(path.join(dataDir, 'db'), {})) fromFiles.push(doc);
    const fromCursor = [];
    for await (const doc of streamComments(conn, {}, { batchSize: 10 })) fromCursor.push(doc);
    expect(fromFiles).toHaveLength(DOCS.length);
    expect(fromFiles).toEqual(fromCursor);
    expect(fromFiles.slice(0, 3).map((d) => d._id)).toEqual(['old1969', 'old1999', 'old2001']);
    const ids = fromFiles.map((d) => d._id);
    expect(ids.indexOf('c005a')).toBe(ids.indexOf('c005b') - 1);
  });

  it('stops the reader when the replay stops early', async () => {
    const childPids = () => readdirSync('/proc/self/task').flatMap((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)).sort();
    const childrenBefore = childPids();
    const seen = [];
    for await (const doc of readEmbeddedComments(path.join(dataDir, 'db'), {})) {
      seen.push(doc._id);
      if (seen.length === 2) break;
    }
    expect(seen).toHaveLength(2);
    // No reader left running.
    expect(childPids()).toEqual(childrenBefore);
  });

  it('replays nothing, and exits 0, where no database has been created yet', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'replay-embedded-empty-'));
    try {
      const { code, report } = await replay([], { DATA_DIR: empty });
      expect(code).toBe(0);
      expect(report).toMatchObject({ total: 0, changed: 0 });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reads only: the stored comments are unchanged', async () => {
    const before = await commentModel(conn).collection.find({}).sort({ _id: 1 }).toArray();
    await replay([], { DATA_DIR: dataDir });
    expect(await commentModel(conn).collection.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
  });
});
