#!/usr/bin/env node
// Every request a moderator or a site makes, timed on an empty database and
// again once it holds many comments, in one run, against the service as
// `npm start` runs it on its embedded database:
//   POST /v1/comments; a moderator's action; two moderators racing on one
//   version (exactly one 200 and one 409, every time); a comment's detail
//   with its history; a queue page; the stats; a reader's report; a page of
//   the reported queue; an edited text judged again.
// Stored comments are realistic: real texts from data/corpora with decisions
// shaped like the service's (most approved, some held or rejected with
// reasons and evidence, a few with moderators' actions), and 1 % of them
// 20,000-character texts with 1,000 evidence spans.
//
//   node bench/moderation-scale.js            empty, 100,000 and 1,000,000 stored (long: the seeding)
//   node bench/moderation-scale.js --quick    empty and 100,000 stored
//   node bench/moderation-scale.js --smoke    empty and 2,000 stored: proves the harness works
//   --seeded DIR   measure only a database already seeded to the largest size in DIR
//                  (seeded there by a first run with --keep DIR), to compare builds or settings
//   --keep DIR     seed into DIR and keep it
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { corpusTexts, median, writeResults } = require('./lib/common');
const { startService } = require('./lib/service-process');

const root = path.resolve(__dirname, '..');
const { connectDatabase } = require(path.join(root, 'dist/db/connect'));

const mode = process.argv.includes('--smoke') ? 'smoke' : process.argv.includes('--quick') ? 'quick' : 'full';
const SETTINGS = {
  full: { sizes: [100_000, 1_000_000], samples: 200 },
  quick: { sizes: [100_000], samples: 100 },
  smoke: { sizes: [2_000], samples: 10 },
}[mode];
const SITE_KEY = 'scale-site-key';
const MOD_KEYS = { ann: 'scale-moderator-ann', bob: 'scale-moderator-bob' };
const SITES = ['news1', 'news2', 'news3'];
/** Every measure, in the order they run and print. */
const MEASURES = ['submit', 'action', 'race', 'detail', 'queue', 'stats', 'report', 'reported', 'edit'];


const percentile = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (ms) => Math.round(ms * 10) / 10;
const summarise = (ms) => ({ n: ms.length, p50: round(median(ms)), p99: round(percentile(ms, 99)) });

/** A stored comment as the service stores one; `big` ones are 20,000 characters with 1,000 spans. */
function storedComment(k, texts, now, count) {
  const createdAt = new Date(now - (count - k) * 2000);
  const big = k % 100 === 37;
  const status = k % 20 === 0 ? 'hold' : k % 33 === 1 ? 'reject' : 'approve';
  const text = big ? 'This is a very long comment that goes on and on. '.repeat(400) : `${texts[k % texts.length]} (${k})`;
  const spans = Array.from({ length: big ? 1000 : status === 'approve' ? 0 : 1 }, (_, i) => ({ field: 'text', start: i * 20, end: i * 20 + 4, text: 'word', matched: 'word' }));
  const reasons = status === 'approve' && !big ? [] : [{
    check: status === 'reject' ? 'profanity' : 'patterns', rule: status === 'reject' ? 'profanity.slur' : 'patterns.email', action: status === 'approve' ? 'hold' : status,
    message: 'The comment gives an email address to contact.', evidence: { spans, count: spans.length },
  }];
  return {
    _id: `seed${k.toString(36).padStart(8, '0')}`, site: SITES[k % 3], name: `Reader ${k % 5000}`, text, email: `reader${k % 5000}@example.org`,
    ip: `198.51.100.${k % 250}`, articleId: `a${k % 400}`, source: 'api', textHash: k.toString(16), createdAt, status,
    version: k % 50 === 3 ? 2 : 1, rules: reasons.map((r) => `${r.check}:${r.rule}`),
    decision: { action: status === 'approve' && big ? 'hold' : status, reasons, scores: { spam: 0.01, toxic: 0.02, hate: 0.001 }, rulesVersion: 'seed', decidedAt: createdAt },
  };
}

async function seed(uri, from, to, texts) {
  const conn = await connectDatabase({ uri, timeoutMs: 60_000, writeConcern: '1', journal: false });
  const started = Date.now();
  const now = Date.now() - 3_600_000;
  try {
    for (let i = from; i < to; i += 2000) {
      const docs = [];
      for (let k = i; k < Math.min(to, i + 2000); k++) docs.push(storedComment(k, texts, now, to));
      await conn.collection('comments').insertMany(docs, { ordered: false });
      // Comments a moderator acted on carry their event, as the service writes it.
      const events = docs.filter((d) => d.version === 2).map((d) => ({
        _id: `${d._id}:v2`, commentId: d._id, site: d.site, version: 2, actor: 'seed', role: 'moderator', action: d.status, from: 'hold', to: d.status,
        note: null, reason: null, rulesVersion: 'seed', rulesVersionAtAction: 'seed', at: d.createdAt, state: 'applied',
      }));
      if (events.length) await conn.collection('events').insertMany(events, { ordered: false });
      if (mode !== 'smoke' && (i / 2000) % 50 === 0) process.stdout.write(`\r  seeded ${(i + 2000).toLocaleString('en')} / ${to.toLocaleString('en')}`);
    }
  } finally {
    await conn.close();
  }
  if (mode !== 'smoke') process.stdout.write('\n');
  return (Date.now() - started) / 1000;
}

async function call(url, method, route, key, body) {
  const started = process.hrtime.bigint();
  const res = await fetch(url + route, { method, headers: { Authorization: `Bearer ${key}`, ...(body && { 'Content-Type': 'application/json' }) }, body: body && JSON.stringify(body) });
  const json = await res.json();
  return { status: res.status, body: json, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const expectStatus = (r, status, what) => {
  if (r.status !== status) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r;
};

let serial = 0;
/** Fresh held comments to act on, posted through the API (to news1 unless told). */
async function postHeld(url, n, key = SITE_KEY) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    serial += 1;
    const r = expectStatus(await call(url, 'POST', '/v1/comments', key, { name: `Scale reader ${serial}`, text: `Write to me at scale${serial}@example.org about the council budget`, articleId: 'scale' }), 201, 'seeding a held comment');
    if (r.body.decision !== 'hold') throw new Error(`expected a held comment, got ${r.body.decision}`);
    ids.push(r.body.id);
  }
  return ids;
}

/** One round of every measure, `samples` of each, one request at a time. */
async function measureAll(url, samples, texts) {
  const out = {};
  const submit = [];
  const submitted = [];
  for (let i = 0; i < samples; i++) {
    serial += 1;
    const r = expectStatus(await call(url, 'POST', '/v1/comments', SITE_KEY, { name: `Scale reader ${serial}`, text: `${texts[serial % texts.length]} (${serial})`, articleId: `s${serial % 40}` }), 201, 'POST /v1/comments');
    submit.push(r.ms);
    submitted.push(r.body.id);
  }
  out.submit = summarise(submit);

  const toAct = await postHeld(url, samples);
  const act = [];
  for (const id of toAct) act.push(expectStatus(await call(url, 'POST', `/v1/moderation/comments/${id}/actions`, MOD_KEYS.ann, { action: 'approve', expectedVersion: 1 }), 200, 'an action').ms);
  out.action = summarise(act);

  const toRace = await postHeld(url, Math.max(5, Math.floor(samples / 2)));
  const race = [];
  let exactlyOneWinner = 0;
  for (const id of toRace) {
    const pair = await Promise.all([
      call(url, 'POST', `/v1/moderation/comments/${id}/actions`, MOD_KEYS.ann, { action: 'approve', expectedVersion: 1 }),
      call(url, 'POST', `/v1/moderation/comments/${id}/actions`, MOD_KEYS.bob, { action: 'reject', expectedVersion: 1 }),
    ]);
    const statuses = pair.map((r) => r.status).sort().join(',');
    if (statuses === '200,409') exactlyOneWinner += 1;
    else throw new Error(`racing moderators answered ${statuses}, not one 200 and one 409`);
    race.push(Math.max(pair[0].ms, pair[1].ms));
  }
  out.race = { ...summarise(race), pairs: toRace.length, exactlyOneWinner };

  const detail = [];
  for (let i = 0; i < samples; i++) detail.push(expectStatus(await call(url, 'GET', `/v1/moderation/comments/${toAct[i % toAct.length]}`, MOD_KEYS.ann), 200, 'a comment detail').ms);
  out.detail = summarise(detail);

  const queue = [];
  for (let i = 0; i < samples; i++) queue.push(expectStatus(await call(url, 'GET', `/v1/moderation/queue?site=${SITES[i % 3]}&limit=50`, MOD_KEYS.ann), 200, 'a queue page').ms);
  out.queue = summarise(queue);

  const stats = [];
  for (let i = 0; i < samples; i++) stats.push(expectStatus(await call(url, 'GET', '/v1/moderation/stats', MOD_KEYS.ann), 200, 'the stats').ms);
  out.stats = summarise(stats);

  // One reader's report on each comment just submitted (below every threshold but illegal and threat's).
  const report = [];
  for (const id of submitted) report.push(expectStatus(await call(url, 'POST', `/v1/comments/${id}/reports`, SITE_KEY, { reason: 'spam', reporterId: `scale-reporter-${serial}` }), 201, 'a report').ms);
  out.report = summarise(report);

  const reported = [];
  for (let i = 0; i < samples; i++) reported.push(expectStatus(await call(url, 'GET', '/v1/moderation/reported?limit=20', MOD_KEYS.ann), 200, 'a reported-queue page').ms);
  out.reported = summarise(reported);

  // The site sends an edited text for each comment just submitted: judged again, a new version stored.
  const edit = [];
  for (const id of submitted) edit.push(expectStatus(await call(url, 'PUT', `/v1/comments/${id}`, SITE_KEY, { text: `${texts[(serial += 1) % texts.length]} (edited ${serial})` }), 200, 'an edit').ms);
  out.edit = summarise(edit);
  return out;
}

const flagValue = (name) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

async function main() {
  const seeded = flagValue('--seeded');
  const keep = flagValue('--keep') ?? seeded;
  const dataDir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  const texts = corpusTexts();
  const service = await startService({
    DATA_DIR: dataDir,
    SITE_KEYS: SITES.map((s) => `${s}:${s === 'news1' ? SITE_KEY : `${s}-key`}`).join(','),
    MODERATOR_KEYS: `ann:${MOD_KEYS.ann}:moderator,bob:${MOD_KEYS.bob}:moderator`,
    RATE_LIMIT_PER_MINUTE: '100000000',
    MODERATOR_RATE_LIMIT_PER_MINUTE: '100000000',
    QUEUE_SETTLE_MS: '0',
  });
  const out = { mode, database: 'embedded FerretDB 1.24 (SQLite), the service as npm start runs it', samplesPerMeasure: SETTINGS.samples, runs: [] };
  try {
    if (seeded) {
      await measureAll(service.url, Math.min(10, SETTINGS.samples), texts); // warm-up
      out.runs.push({ stored: SETTINGS.sizes.at(-1), reused: dataDir, ...(await measureAll(service.url, SETTINGS.samples, texts)) });
      return;
    }
    // A full queue page on every site from the start, so the empty database serves the same page sizes.
    for (const site of SITES) await postHeld(service.url, 60, site === 'news1' ? SITE_KEY : `${site}-key`);
    await measureAll(service.url, Math.min(10, SETTINGS.samples), texts); // warm-up
    const empty = await measureAll(service.url, SETTINGS.samples, texts);
    out.runs.push({ stored: 0, ...empty });
    let stored = 0;
    for (const size of SETTINGS.sizes) {
      const seconds = await seed(service.dbUri, stored, size, texts);
      stored = size;
      const row = await measureAll(service.url, SETTINGS.samples, texts);
      out.runs.push({ stored, seedSeconds: Math.round(seconds), ...row });
    }
  } finally {
    await service.stop();
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (seeded) {
    const run = out.runs[0];
    console.log(`Moderation at ${run.stored.toLocaleString('en')} stored (${dataDir}), ${out.database}; p50 / p99 ms of ${SETTINGS.samples} each`);
    for (const m of MEASURES) console.log(`${m.padEnd(8)} ${run[m].p50} / ${run[m].p99}`);
    return;
  }

  const measures = MEASURES;
  const base = out.runs[0];
  console.log(`Moderation at scale (${mode}), ${out.database}; p50 / p99 ms of ${SETTINGS.samples} sequential requests each`);
  console.log(`stored       ${measures.map((m) => m.padStart(16)).join('')}`);
  for (const run of out.runs) {
    console.log(`${run.stored.toLocaleString('en').padEnd(12)} ${measures.map((m) => `${run[m].p50} / ${run[m].p99}`.padStart(16)).join('')}`);
    if (run !== base) run.p99RatioToEmpty = Object.fromEntries(measures.map((m) => [m, Math.round((run[m].p99 / base[m].p99) * 100) / 100]));
    if (run !== base) run.p50RatioToEmpty = Object.fromEntries(measures.map((m) => [m, Math.round((run[m].p50 / base[m].p50) * 100) / 100]));
  }
  for (const run of out.runs.slice(1)) console.log(`${run.stored.toLocaleString('en')} stored / empty, p50: ${JSON.stringify(run.p50RatioToEmpty)}`);
  console.log(`racing pairs with exactly one 200 and one 409: ${out.runs.map((r) => `${r.race.exactlyOneWinner}/${r.race.pairs}`).join(', ')}`);
  console.log(`written ${writeResults('moderation-scale', out)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
