#!/usr/bin/env node
// The moderator's queue and stats on the embedded database with many stored
// comments: GET /v1/moderation/queue (first page of the held queue, one
// site) and GET /v1/moderation/stats, through two apps on the same data, one
// answering from the embedded database's SQLite indexes (as the service does,
// src/store/embedded/index-client.ts) and one through FerretDB queries
// (as on MongoDB). Medians of 3 requests each, after one warm-up. Then the
// webhook worker's poll for due deliveries, both ways, with a delivery
// stored for every fifth comment.
//
//   npm run build && node bench/moderation-queue.js [--quick | --smoke]
//   full: 100,000 stored comments; --quick: 20,000; --smoke: 1,000
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median, writeResults } = require('./lib/common');

const root = path.resolve(__dirname, '..');
const { startEmbeddedDb } = require(path.join(root, 'dist/db/embedded'));
const { connectDatabase } = require(path.join(root, 'dist/db/connect'));
const { buildApp } = require(path.join(root, 'dist/app'));
const { KeyRing } = require(path.join(root, 'dist/access/key-ring'));
const { createLogger } = require(path.join(root, 'dist/logger'));
const { loadRuleBook } = require(path.join(root, 'dist/ruleset/loader'));
const { embeddedIndex } = require(path.join(root, 'dist/store/embedded/index-client'));
const { openStore } = require(path.join(root, 'dist/store/store'));

const mode = process.argv.includes('--smoke') ? 'smoke' : process.argv.includes('--quick') ? 'quick' : 'full';
const STORED = { smoke: 1_000, quick: 20_000, full: 100_000 }[mode];
const SITES = ['news1', 'news2', 'news3'];
const KEY = 'bench-moderator-key';

/** Comments over three sites: 5 % held, 5 % rejected, the rest approved, one a second. */
async function seed(conn, count) {
  const comments = conn.collection('comments');
  const now = Date.now();
  for (let i = 0; i < count; i += 5000) {
    const docs = [];
    for (let k = i; k < Math.min(count, i + 5000); k++) {
      const createdAt = new Date(now - (count - k) * 1000);
      const status = k % 20 === 0 ? 'hold' : k % 20 === 1 ? 'reject' : 'approve';
      docs.push({ _id: `seed${k.toString(36).padStart(8, '0')}`, site: SITES[k % 3], name: `Seeded ${k % 5000}`, text: `Stored comment number ${k} about the news of the day`, source: 'api', textHash: k.toString(16), createdAt, status, version: 1, rules: status === 'approve' ? [] : ['patterns:patterns.email'], decision: { action: status, reasons: [], scores: {}, rulesVersion: 'seed', decidedAt: createdAt } });
    }
    await comments.insertMany(docs, { ordered: false });
  }
}

async function listen(app) {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function timed(url) {
  const started = process.hrtime.bigint();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${KEY}` } });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, body };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queue-'));
  const db = await startEmbeddedDb({ dataDir, supervise: false });
  const conn = await connectDatabase({ uri: db.uri, timeoutMs: 60_000, writeConcern: '1', journal: false });
  const servers = [];
  try {
    const seedStarted = Date.now();
    await seed(conn, STORED);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const rules = loadRuleBook(path.join(root, 'rules'));
    const moderatorKeys = new KeyRing();
    moderatorKeys.add(KEY, { name: 'bench', role: 'viewer', sites: null });
    const app = (store) => buildApp({ store, logger: createLogger('silent'), bodyLimit: '64kb', rules: () => rules, siteKeys: new KeyRing(), moderatorKeys, moderation: { queueSettleMs: 0, countsMaxAgeMs: 0 } });
    const indexed = await openStore(conn, { index: embeddedIndex({ url: db.queryUrl, database: conn.name }) });
    const urls = {};
    // The repositories are built with the index they read through, so the
    // query-only store is a store made without one, not this one with its
    // index field cleared (that still answered from the index).
    const queriesOnly = await openStore(conn);
    for (const [name, parts] of [['index', indexed], ['queries', queriesOnly]]) {
      const server = await listen(app(parts));
      servers.push(server);
      urls[name] = `http://127.0.0.1:${server.address().port}`;
    }
    const routes = { queue: '/v1/moderation/queue?site=news2&limit=50', stats: '/v1/moderation/stats' };
    const out = { stored: STORED, seedSeconds, database: 'embedded FerretDB (SQLite)' };
    for (const [route, pathAndQuery] of Object.entries(routes)) {
      const row = {};
      for (const [name, url] of Object.entries(urls)) {
        await timed(url + pathAndQuery); // warm-up (and, the first time, the index build)
        const runs = [];
        for (let r = 0; r < 3; r++) runs.push(await timed(url + pathAndQuery));
        row[name] = { medianMs: Math.round(median(runs.map((x) => x.ms)) * 10) / 10, body: runs[0].body };
      }
      if (JSON.stringify(row.index.body) !== JSON.stringify(row.queries.body)) throw new Error(`${route}: the two apps answered differently`);
      out[route] = { indexMs: row.index.medianMs, queriesMs: row.queries.medianMs, speedup: Math.round((row.queries.medianMs / row.index.medianMs) * 10) / 10 };
      console.log(`${route.padEnd(6)} ${STORED.toLocaleString('en')} stored: ${row.index.medianMs} ms from the SQLite indexes, ${row.queries.medianMs} ms through FerretDB queries (${out[route].speedup}x)`);
    }
    // The webhook worker's poll (once a second): a delivery per fifth comment,
    // nearly all delivered, twenty due.
    const deliveries = conn.collection('deliveries');
    const sent = Math.round(STORED / 5);
    for (let i = 0; i < sent; i += 5000) {
      const docs = [];
      for (let k = i; k < Math.min(sent, i + 5000); k++) {
        const at = new Date(Date.now() - (sent - k) * 1000);
        const pending = k % Math.max(1, Math.floor(sent / 20)) === 0;
        docs.push({ _id: `comment.decided:seed${k}`, site: SITES[k % 3], type: 'comment.decided', commentId: `seed${k}`, payload: { type: 'comment.decided', comment: { id: `seed${k}`, text: `Stored comment number ${k} about the news of the day`, decision: 'approve', reasons: [] } }, state: pending ? 'pending' : 'delivered', attempts: pending ? 0 : 1, nextAttemptAt: at, createdAt: at, deliveredAt: pending ? null : at, log: [] });
      }
      await deliveries.insertMany(docs, { ordered: false });
    }
    const scan = {
      index: () => indexed.index.dueDeliveries(new Date(), 20),
      queries: () => deliveries.find({ state: 'pending', nextAttemptAt: { $lte: new Date() } }).sort({ nextAttemptAt: 1 }).limit(20).project({ _id: 1, attempts: 1 }).toArray(),
    };
    const due = {};
    for (const [name, run] of Object.entries(scan)) {
      const found = await run(); // warm-up
      const runs = [];
      for (let r = 0; r < 3; r++) {
        const started = process.hrtime.bigint();
        await run();
        runs.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      due[name] = { medianMs: Math.round(median(runs) * 10) / 10, ids: found.map((d) => d._id) };
    }
    if (JSON.stringify(due.index.ids) !== JSON.stringify(due.queries.ids)) throw new Error('due scan: the index and the query found different deliveries');
    out.webhookDueScan = { deliveries: sent, indexMs: due.index.medianMs, queriesMs: due.queries.medianMs, speedup: Math.round((due.queries.medianMs / due.index.medianMs) * 10) / 10 };
    console.log(`webhook due scan, ${sent.toLocaleString('en')} deliveries: ${due.index.medianMs} ms from the SQLite index, ${due.queries.medianMs} ms through a FerretDB query (${out.webhookDueScan.speedup}x)`);
    console.log(`written ${writeResults('moderation-queue', out)}`);
  } finally {
    for (const s of servers) s.close();
    await conn.close();
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
