#!/usr/bin/env node
// HTTP with the database: POST /v1/comments under load (autocannon on
// 127.0.0.1, bounded in time) against a bare Express + insert baseline in the
// same run, on the same embedded database; latency at steady rates (10, 50
// and 100 requests a second: p50, p90, p99, max); then the throughput again
// with N comments already stored; and the service's resident memory. The
// service runs as `npm start` runs it, on its own embedded database (so with
// the database's index); the baseline uses a database of its own in the same
// database process. Run `npm run build` first.
//
//   node bench/http.js            5 s per run, 3 rounds, 1,000,000 stored comments
//   node bench/http.js --quick    2 s per run, 2 rounds, 100,000 stored comments
//   node bench/http.js --smoke    tiny: proves the harness works (used by the tests)
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { corpusTexts, median, rssMb, writeResults } = require('./lib/common');

const root = path.resolve(__dirname, '..');
const { freePort } = require(path.join(root, 'dist/db/embedded'));
const { startService } = require('./lib/service-process');
const { connectDatabase } = require(path.join(root, 'dist/db/connect'));

const mode = process.argv.includes('--smoke') ? 'smoke' : process.argv.includes('--quick') ? 'quick' : 'full';
const SETTINGS = {
  full: { seconds: 5, rounds: 3, stored: 1_000_000, connections: 16 },
  quick: { seconds: 2, rounds: 2, stored: 100_000, connections: 16 },
  // A fixed number of requests rather than a second: on a loaded machine a one-second run can finish none.
  smoke: { seconds: 1, amount: 40, rounds: 1, stored: 2_000, connections: 4 },
}[mode];
// Steady rates: a quiet hour, a breaking-news spike, and twice that.
const RATES = mode === 'smoke' ? [10] : [10, 50, 100];
const RATE_SECONDS = { full: 10, quick: 5, smoke: 1 }[mode];
const KEY = 'bench-site-key';


function bodies(texts) {
  let n = 0;
  return () => {
    n += 1;
    const text = texts[n % texts.length];
    // Mostly unique traffic, from a few thousand readers, like a busy article.
    return JSON.stringify({ name: `Reader ${n % 3000}`, text: `${text} (${n})`, articleId: `a${n % 50}`, ip: `10.${(n >> 8) & 255}.${n & 255}.${n % 7}`, externalId: `bench-${process.pid}-${n}` });
  };
}

/** Starts a server process and resolves once it answers HTTP on its port. */
async function startChild(args, env) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d.toString()));
  child.stderr.on('data', (d) => (log += d.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited ${child.exitCode}:\n${log}`);
    const up = await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then(() => true, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not answer within 60 s:\n${log}`);
}

const stopChild = (child) => new Promise((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', resolve);
  child.kill('SIGTERM');
});

function load(url, next, opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: `${url}/v1/comments`,
      method: 'POST',
      connections: SETTINGS.connections,
      // A steady rate sends exactly rate x seconds requests, so "served / sent" compares like with like.
      ...((opts.amount ?? SETTINGS.amount) ? { amount: opts.amount ?? SETTINGS.amount } : { duration: opts.seconds ?? SETTINGS.seconds }),
      ...(opts.rate && { overallRate: opts.rate }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      requests: [{ setupRequest: (req) => ({ ...req, body: next() }) }],
    }, (err, result) => (err ? reject(err) : resolve(result)));
    opts.onTick?.(instance);
  });
}

async function measure(label, url, next, pid, opts = {}) {
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, rssMb(pid) ?? 0); }, 200);
  const r = await load(url, next, opts);
  clearInterval(timer);
  const errors = r.errors + r.timeouts + (r.non2xx ?? 0);
  // Completed requests over the run's length: autocannon's own average is of whole one-second samples, 0 for a run shorter than one.
  return { label, reqPerSec: r.duration > 0 ? r.requests.total / r.duration : 0, served: r['2xx'], p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, errors, peakRssMb: peak };
}

async function seed(uri, count) {
  const conn = await connectDatabase({ uri, timeoutMs: 10000, writeConcern: '1', journal: false });
  const comments = conn.collection('comments');
  const now = Date.now();
  const batch = 5000;
  const started = Date.now();
  for (let i = 0; i < count; i += batch) {
    const docs = [];
    for (let k = i; k < Math.min(count, i + batch); k++) {
      const createdAt = new Date(now - (count - k) * 1000);
      docs.push({ _id: `seed${k.toString(36).padStart(8, '0')}`, site: 'bench', name: `Seeded ${k % 5000}`, text: `Stored comment number ${k} about the news of the day`, source: 'api', textHash: k.toString(16), createdAt, status: k % 10 ? 'approve' : 'hold', version: 1, rules: [], decision: { action: k % 10 ? 'approve' : 'hold', reasons: [], scores: {}, rulesVersion: 'seed', decidedAt: createdAt } });
    }
    await comments.insertMany(docs, { ordered: false });
  }
  await conn.close();
  return (Date.now() - started) / 1000;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-http-'));
  const env = { LOG_LEVEL: 'warn', SITE_KEYS: `bench:${KEY}`, RATE_LIMIT_PER_MINUTE: '100000000', HOST: '127.0.0.1' };
  // Started as `npm start` starts it (the heap flags are part of its memory budget), on its own embedded database.
  const service = await startService({ ...env, DATA_DIR: dataDir });
  const serviceUri = service.dbUri;
  const baselineUri = service.dbUri.replace(/\/moderation$/, '/bench_baseline');
  const baselinePort = await freePort();
  const baseline = await startChild(['bench/lib/baseline-server.js'], { ...env, PORT: String(baselinePort), MONGODB_URI: baselineUri });
  const serviceUrl = service.url;
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  const next = bodies(corpusTexts());
  const out = { mode, database: 'embedded FerretDB 1.24 (SQLite)', settings: SETTINGS };
  service.pid = service.child.pid;
  try {
    // Warm-up, then memory after warm-up.
    await measure('warm-up', serviceUrl, next, service.pid);
    await measure('warm-up', baselineUrl, next, baseline.pid);
    out.serviceRssAfterWarmupMb = rssMb(service.pid);

    const runs = { service: [], baseline: [] };
    for (let r = 0; r < SETTINGS.rounds; r++) {
      runs.baseline.push(await measure('baseline', baselineUrl, next, baseline.pid));
      runs.service.push(await measure('service', serviceUrl, next, service.pid));
    }
    const summary = (list) => ({
      reqPerSec: median(list.map((x) => x.reqPerSec)),
      p50: median(list.map((x) => x.p50)),
      p99: median(list.map((x) => x.p99)),
      errors: list.reduce((s, x) => s + x.errors, 0),
      peakRssMb: Math.max(...list.map((x) => x.peakRssMb)),
    });
    out.empty = { service: summary(runs.service), baseline: summary(runs.baseline) };
    out.empty.ratio = out.empty.service.reqPerSec / out.empty.baseline.reqPerSec;

    const half = Math.max(1, Math.round(out.empty.service.reqPerSec / 2));
    out.halfLoad = { rate: half, ...(await measure('service at half load', serviceUrl, next, service.pid, { rate: half })) };
    out.serviceRssUnderLoadMb = out.empty.service.peakRssMb;

    // Latency as a site feels it: a steady rate, not a flood (16 connections, so no request waits for a free one).
    out.steadyRates = [];
    for (const rate of RATES) {
      const r = await measure(`service at ${rate}/s`, serviceUrl, next, service.pid, { rate, amount: rate * RATE_SECONDS });
      out.steadyRates.push({ rate, expected: rate * RATE_SECONDS, ...r });
    }

    out.seeded = { comments: SETTINGS.stored, seconds: await seed(serviceUri, SETTINGS.stored) };
    const scaled = [];
    for (let r = 0; r < SETTINGS.rounds; r++) scaled.push(await measure('service, seeded', serviceUrl, next, service.pid));
    out.seeded.service = summary(scaled);
    out.seeded.ratioToEmpty = out.seeded.service.reqPerSec / out.empty.service.reqPerSec;
  } finally {
    await stopChild(baseline);
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const f = (n) => (n === undefined || n === null ? '-' : typeof n === 'number' ? (Number.isInteger(n) ? String(n) : n.toFixed(2)) : String(n));
  const rows = [
    ['baseline (Express + insert)', out.empty.baseline],
    ['service, empty database', out.empty.service],
    [`service, ${SETTINGS.stored.toLocaleString('en')} stored`, out.seeded.service],
    [`service at half load (${out.halfLoad.rate}/s)`, out.halfLoad],
  ];
  console.log(`HTTP POST /v1/comments, ${SETTINGS.connections} connections, ${SETTINGS.seconds} s x ${SETTINGS.rounds} (${mode}), ${out.database}`);
  console.log('run                                     req/s    p50 ms  p99 ms  errors');
  for (const [label, r] of rows) console.log(`${label.padEnd(38)} ${f(r.reqPerSec).padStart(7)} ${f(r.p50).padStart(8)} ${f(r.p99).padStart(7)} ${f(r.errors).padStart(7)}`);
  console.log('steady rate                    served / sent   p50    p90    p99    max ms');
  for (const r of out.steadyRates) console.log(`${`${r.rate}/s for ${RATE_SECONDS} s`.padEnd(30)} ${`${r.served} / ${r.expected}`.padStart(13)} ${f(r.p50).padStart(5)} ${f(r.p90).padStart(6)} ${f(r.p99).padStart(6)} ${f(r.max).padStart(6)}`);
  console.log(`service / baseline: ${f(out.empty.ratio)}   seeded / empty: ${f(out.seeded.ratioToEmpty)}   service RSS: ${out.serviceRssAfterWarmupMb} MB after warm-up, ${out.serviceRssUnderLoadMb} MB peak under load`);
  console.log(`written ${writeResults('http', out)}`);
}

main().catch((err) => { console.error(err); process.exit(1); });
