#!/usr/bin/env node
// Measures `moderate replay`: seeds N stored comments (with decisions and
// some moderator actions) into a fresh embedded FerretDB, then replays a
// candidate rule change over them and reports comments per second and peak
// memory. Replay reads the embedded database's files through the embedded-db
// reader (DATA_DIR, no MONGODB_URI: what a user runs); for comparison the
// same replay also runs through a FerretDB cursor (MONGODB_URI at the
// embedded FerretDB). To show where the time goes it also times each read
// alone (no engine) and the engine alone (no database).
//
//   npm run build && node --expose-gc bench/replay.js [--quick] [--n N] [--batch-size N] [--batch-sweep] [--no-cursor-replay]
//
// --quick seeds 10k comments instead of 100k; --batch-sweep times the bare
// cursor read at batch sizes 100, 1000 and 5000 (one read of N otherwise);
// --no-cursor-replay skips the slow end-to-end replay through FerretDB.
// Results: bench/results/replay.json.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Writable } = require('node:stream');
const YAML = require('yaml');
const { startEmbeddedDb } = require('../dist/db/embedded.js');
const { connectDatabase } = require('../dist/db/connect.js');
const { ensureIndexes } = require('../dist/store/indexes.js');
const { openStore } = require('../dist/store/store.js');
const { loadRuleBook } = require('../dist/ruleset/loader.js');
const { moderate, prepare, decide } = require('../dist/moderation/engine.js');
const { EMPTY_HISTORY } = require('../dist/moderation/types.js');
const { runCli } = require('../dist/cli/main.js');
const { streamComments } = require('../dist/cli/replay/comment-stream.js');
const { readEmbeddedComments } = require('../dist/cli/replay/embedded-reader.js');

const ROOT = path.resolve(__dirname, '..');
const INSERT_BATCH = 1000;

function parseArgs(argv) {
  const opts = { n: 100_000, batchSize: undefined, batchSweep: false, cursorReplay: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') opts.n = 10_000;
    else if (argv[i] === '--smoke') opts.n = 500;
    else if (argv[i] === '--n') opts.n = Number(argv[++i]);
    else if (argv[i] === '--batch-size') opts.batchSize = Number(argv[++i]);
    else if (argv[i] === '--batch-sweep') opts.batchSweep = true;
    else if (argv[i] === '--no-cursor-replay') opts.cursorReplay = false;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return opts;
}

// Text shapes that real comment streams have, so the engine does real work:
// plain prose, links, shouting, repeated phrases, contact spam.
const WORDS = 'the council budget vote was late again and the roads still need work but the schools did well this year'.split(' ');
function commentText(i) {
  const words = [];
  const length = 8 + (i % 40);
  for (let w = 0; w < length; w++) words.push(WORDS[(i * 7 + w * 13) % WORDS.length]);
  // A reference number makes every text distinct, so history checks see no campaign the stored decisions did not.
  const text = `${words.join(' ')} ref ${i}`;
  switch (i % 20) {
    // Two links: allowed by the shipped rules (maxLinks 2), held by the candidate (maxLinks 1).
    case 0: return `${text} see https://example.com/a${i} and https://example.org/b`;
    case 5: return `${text} see https://example.com/a${i} and https://example.org/b and http://news.example.net/c`;
    case 1: return `${text} https://bit.ly/x${i}`;
    case 2: return text.toUpperCase() + ' THIS IS OUTRAGEOUS AND EVERYONE SHOULD KNOW';
    case 3: return `${text} call me on 555 123 4567 or whatsapp me`;
    case 4: return `${text} www.example.com/offer`;
    default: return text + '.';
  }
}

/** A stored comment as the service writes it, decided by the shipped rules; every 10th one a moderator acted on. */
function seedDoc(i, rules, start) {
  const site = i % 3 === 0 ? 'news2' : 'news1';
  const createdAt = new Date(start + i * 1000);
  const input = { site, name: `reader${i % 5000}`, text: commentText(i), email: `reader${i % 5000}@example.org`, articleId: `a${i % 300}` };
  const decision = moderate(rules.forSite(site), input, EMPTY_HISTORY, createdAt.getTime());
  const moderated = i % 10 === 0;
  const status = moderated ? (i % 30 === 0 ? 'reject' : decision.action === 'approve' && i % 20 === 0 ? 'hold' : 'approve') : decision.action;
  return {
    _id: `c${String(i).padStart(9, '0')}`,
    ...input,
    source: 'api',
    textHash: prepare(input).textHash,
    createdAt,
    decision: { ...decision, decidedAt: createdAt },
    status,
    version: moderated ? 2 : 1,
    rules: [...new Set(decision.reasons.map((r) => `${r.check}:${r.rule}`))],
  };
}

/** The shipped rules with one change: at most one link before a hold (was two). */
function candidateRulesDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-bench-rules-'));
  fs.cpSync(path.join(ROOT, 'rules'), dir, { recursive: true });
  const file = path.join(dir, 'default.yaml');
  const rules = YAML.parse(fs.readFileSync(file, 'utf8'));
  rules.checks.links.count.maxLinks = 1;
  fs.writeFileSync(file, YAML.stringify(rules));
  return dir;
}

/** Peak RSS of this process, of the database process and of any other child (the embedded-db reader), sampled every 20 ms. */
function rssSampler(dbPid) {
  let peak = process.memoryUsage().rss;
  let dbPeak = 0;
  let readerPeak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
    dbPeak = Math.max(dbPeak, processRss(dbPid) ?? 0);
    for (const pid of childPids()) if (pid !== dbPid) readerPeak = Math.max(readerPeak, processRss(pid) ?? 0);
  }, 20);
  return { stop: () => { clearInterval(timer); return { peak: Math.max(peak, process.memoryUsage().rss), dbPeak, readerPeak }; } };
}

function childPids() {
  try {
    return fs.readdirSync('/proc/self/task').flatMap((tid) => fs.readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function processRss(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function vmHwmBytes() {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const mb = (bytes) => (bytes === null ? null : Math.round((bytes / 1048576) * 10) / 10);

async function timeRead(comments) {
  const started = Date.now();
  let n = 0;
  for await (const _doc of comments) n++;
  const ms = Date.now() - started;
  return { comments: n, ms, perSecond: Math.round((n * 1000) / ms) };
}

/** The replay through the CLI entry point, as a user runs it; `env` picks the database. */
async function timeReplay(env, rulesDir, opts, dbPid) {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let stdout = '';
  const sink = (write) => new Writable({ write(chunk, _enc, done) { write(String(chunk)); done(); } });
  const io = {
    stdin: process.stdin,
    stdout: sink((s) => { stdout += s; }),
    stderr: sink((s) => process.stderr.write(s)),
    env: { ...env, LOG_LEVEL: 'silent' },
    cwd: ROOT,
  };
  const argv = ['replay', '--rules', rulesDir, '--json', ...(opts.batchSize ? ['--batch-size', String(opts.batchSize)] : [])];
  const dbRssBefore = processRss(dbPid);
  const sampler = rssSampler(dbPid);
  const started = Date.now();
  const code = await runCli(argv, io);
  const ms = Date.now() - started;
  const { peak, dbPeak, readerPeak } = sampler.stop();
  if (code !== 0) throw new Error(`replay exited with ${code}`);
  const report = JSON.parse(stdout);
  return {
    replay: {
      ms,
      commentsPerSecond: Math.round((report.total * 1000) / ms),
      changed: report.changed,
      transitions: report.transitions.map((t) => `${t.from}->${t.to}: ${t.count}`),
      moderated: report.moderated.count,
    },
    memory: { rssBeforeReplayMb: mb(rssBefore), peakRssDuringReplayMb: mb(peak), growthMb: mb(peak - rssBefore), processVmHwmMb: mb(vmHwmBytes()),
      databaseRssBeforeMb: mb(dbRssBefore), databasePeakRssDuringReplayMb: mb(dbPeak), readerPeakRssMb: mb(readerPeak) },
    report,
  };
}

/** The report without its timings: the two read paths must agree on everything else. */
const comparable = (report) => JSON.stringify({ ...report, elapsedMs: 0, commentsPerSecond: 0 });

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  // DATA_DIR layout: the service keeps the embedded database in DATA_DIR/db.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-bench-db-'));
  const db = await startEmbeddedDb({ dataDir: path.join(dataDir, 'db'), log: (m) => process.stderr.write(`${m}\n`) });
  const rulesDir = candidateRulesDir();
  try {
    const uri = db.uri;
    // A long socket timeout: FerretDB reads and sorts every comment before the first sorted batch.
    const conn = await connectDatabase({ uri, timeoutMs: 300_000, writeConcern: '1', journal: false });
    await ensureIndexes(await openStore(conn));
    const rules = loadRuleBook(path.join(ROOT, 'rules'));
    const start = Date.UTC(2025, 0, 1);

    let started = Date.now();
    const collection = conn.collection('comments');
    for (let i = 0; i < opts.n; i += INSERT_BATCH) {
      const docs = [];
      for (let j = i; j < Math.min(opts.n, i + INSERT_BATCH); j++) docs.push(seedDoc(j, rules, start));
      await collection.insertMany(docs, { ordered: false });
      if ((i / INSERT_BATCH) % 10 === 0) process.stderr.write(`\rseeded ${i + docs.length}/${opts.n}`);
    }
    const seedMs = Date.now() - started;
    process.stderr.write(`\rseeded ${opts.n} comments in ${(seedMs / 1000).toFixed(1)} s\n`);

    // Where the time goes: each read alone, the FerretDB cursor at a few batch sizes.
    const readerOnly = await timeRead(readEmbeddedComments(path.join(dataDir, 'db'), {}));
    process.stderr.write(`read only, embedded-db reader: ${readerOnly.perSecond}/s\n`);
    const readOnly = {};
    for (const batchSize of opts.batchSweep ? [100, 1000, 5000] : [opts.batchSize ?? 1000]) {
      readOnly[batchSize] = await timeRead(streamComments(conn, {}, { batchSize }));
      process.stderr.write(`read only, FerretDB cursor, batch ${batchSize}: ${readOnly[batchSize].perSecond}/s\n`);
    }

    // The engine alone, on comments already in memory (the first 10k).
    const sample = [];
    for await (const doc of streamComments(conn, {}, { batchSize: 1000, limit: 10_000 })) sample.push(doc);
    const candidate = loadRuleBook(rulesDir);
    started = Date.now();
    for (const doc of sample) decide(candidate.forSite(doc.site), prepare(doc), EMPTY_HISTORY, doc.createdAt.getTime());
    const engineMs = Date.now() - started;
    const engineOnly = { comments: sample.length, ms: engineMs, perSecond: Math.round((sample.length * 1000) / engineMs) };
    process.stderr.write(`engine only: ${engineOnly.perSecond}/s\n`);
    sample.length = 0;
    await conn.close();

    // The replay itself, through the CLI entry point, as a user runs it: on
    // the embedded database's files (no MONGODB_URI), then through the cursor.
    const direct = await timeReplay({ DATA_DIR: dataDir }, rulesDir, opts, db.pid());
    process.stderr.write(`replay, embedded-db reader: ${direct.replay.commentsPerSecond}/s\n`);
    let cursor = null;
    if (opts.cursorReplay) {
      cursor = await timeReplay({ MONGODB_URI: uri }, rulesDir, opts, db.pid());
      process.stderr.write(`replay, FerretDB cursor: ${cursor.replay.commentsPerSecond}/s\n`);
      if (comparable(cursor.report) !== comparable(direct.report)) throw new Error('the two read paths gave different replay reports');
    }

    const results = {
      comments: opts.n,
      database: 'embedded FerretDB 1.24 (SQLite): replay reads its files through the embedded-db reader; replayThroughFerretDB reads through a FerretDB cursor',
      batchSize: opts.batchSize ?? 'default',
      replay: direct.replay,
      memory: direct.memory,
      replayThroughFerretDB: cursor && { ...cursor.replay, memory: cursor.memory, sameReport: true },
      readerOnly,
      readOnlyByBatchSize: readOnly,
      engineOnly,
      seed: { ms: seedMs },
      machine: { cpus: os.cpus().length, node: process.version },
      at: new Date().toISOString(),
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results', 'replay.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(rulesDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
