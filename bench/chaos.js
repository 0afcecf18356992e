#!/usr/bin/env node
// The long reliability run (`npm run chaos`, after `npm run build`), each part
// against the whole service (dist/service-runner.js) on its own embedded database:
//
//   1. fuzz: every BLNS string in every field of every public endpoint plus 10,000
//      random hostile requests, then raw-socket clients at the service's real
//      timeouts. No 5xx, answers in each endpoint's format, /healthz 200 after,
//      bounded memory, accepted comments read back byte-identical.
//   2. outage: the database is SIGKILLed several times while clients post with
//      externalIds and retry 503s; every acknowledged comment is stored exactly once.
//   3. shutdown: a graceful stop under load; after a restart on the same data,
//      every acknowledged comment is there.
//   4. rule reload: a copy of rules/ is rewritten with valid and broken files
//      while requests flow; no 5xx, every decision names a fully loaded version.
//   5. the security review, again (bench/chaos-review.js): its requests, large
//      stored evidence paged under load, adversarial texts, metrics scrapes,
//      a 300 MB webhook answer, personal data at rest and key guessing, each
//      with the review's figure beside today's.
//
//   FUZZ_SEED=<n> replays a run's generated requests; CHAOS_RANDOM_CASES=<n> and
//   CHAOS_BLNS=rotate shorten the fuzz part; CHAOS_PARTS=5 (or 1,5 ...) runs
//   only those parts. Exit code 1 on any failure.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Writable } = require('node:stream');
const ts = require('typescript');
const pino = require('pino');

const root = path.resolve(__dirname, '..');

// The generators are the fuzz suite's own TypeScript (node built-ins only), transpiled in memory.
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  module._compile(outputText, filename);
};
const { Rng, loadBlns, seedFromEnv } = require('../tests/fuzz/generators.ts');
const { allSlots, blnsCases, randomCase } = require('../tests/fuzz/cases.ts');
const { newTally, runCases, sendCase, closeAgent } = require('../tests/fuzz/transport.ts');
const { rawExchange, rawPlans } = require('../tests/fuzz/raw-socket.ts');
const { AcceptedComments } = require('../tests/fuzz/stored-check.ts');
const { reviewPart } = require('./chaos-review.js');

const { loadConfig } = require('../dist/config.js');
const { createLogger } = require('../dist/logger.js');
const { startService } = require('../dist/service-runner.js');
const { commentModel } = require('../dist/store/comment-model.js');

const SITE_KEY = 'chaos-site-key';
const MODERATOR_KEY = 'chaos-moderator-key';
const RANDOM_CASES = Number(process.env.CHAOS_RANDOM_CASES) || 10_000;
// CHAOS_BLNS=rotate puts each BLNS string in one slot instead of every slot (a shorter run).
const BLNS_EVERY_SLOT = process.env.CHAOS_BLNS !== 'rotate';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const failures = [];
const fail = (part, message) => {
  failures.push(`${part}: ${message}`);
  console.log(`  FAIL ${message}`);
};

async function start(env = {}, logger = createLogger('silent'), dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-'))) {
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SITE_KEYS: `news1:${SITE_KEY}`, MODERATOR_KEYS: `chaos:${MODERATOR_KEY}:admin`,
    LOG_LEVEL: 'silent', DB_TIMEOUT_MS: '1500', RATE_LIMIT_PER_MINUTE: '100000000', MODERATOR_RATE_LIMIT_PER_MINUTE: '100000000',
    // Every request comes from 127.0.0.1 and the fuzz part sends many wrong keys: key guessing is part 5's.
    AUTH_FAILURES_PER_MINUTE: '100000000', ...env,
  });
  const svc = await startService(config, logger);
  return Object.assign(svc, { dataDir, url: `http://127.0.0.1:${svc.port}` });
}

async function post(url, body, timeoutMs = 10_000) {
  try {
    const res = await fetch(`${url}/v1/comments`, {
      method: 'POST', headers: { Authorization: `Bearer ${SITE_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  } catch (err) {
    return { status: 0, error: err.message };
  }
}

async function healthy(url) {
  const res = await fetch(`${url}/healthz`).catch(() => null);
  return res?.status === 200;
}

// The fuzz runs in batches, each on a fresh service and database: the embedded
// FerretDB scans for every non-_id query (moderation queue, stats), so one
// ever-growing database would measure FerretDB's scans, not the service.
const FUZZ_BATCH = Number(process.env.CHAOS_FUZZ_BATCH) || 4000;

/** The next `n` items of an iterator, as an iterable. */
function* take(iterator, n) {
  for (let i = 0; i < n; i++) {
    const next = iterator.next();
    if (next.done) return;
    yield next.value;
  }
}

async function fuzzPart(seed) {
  console.log(`\n[1/5] fuzz (FUZZ_SEED=${seed}, batches of ${FUZZ_BATCH} on a fresh database each)`);
  const keys = { site: SITE_KEY, moderator: MODERATOR_KEY, commentId: 'none' };
  const rng = new Rng(seed);
  const blns = loadBlns(root);
  const slots = allSlots();
  const tally = newTally();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let acceptedTotal = 0;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 500);
  function* cases() {
    yield* blnsCases(blns, keys, slots, BLNS_EVERY_SLOT);
    for (let i = 0; i < RANDOM_CASES; i++) yield randomCase(rng, blns, keys, slots);
  }
  const iterator = cases();
  const started = Date.now();
  let svc;
  try {
    for (let batch = 1; ; batch++) {
      svc = await start();
      const created = await post(svc.url, { name: 'Ann', text: 'Held for fuzzing' });
      keys.commentId = created.body.id;
      const accepted = new AcceptedComments();
      const before = tally.sent;
      const after = (c, a) => {
        accepted.collect(c, a);
        if (tally.sent % 2000 === 0) console.log(`  … ${tally.sent} requests, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      };
      await runCases(svc.port, take(iterator, FUZZ_BATCH), tally, { concurrency: 8, after });
      const stored = await accepted.problems(svc.db.conn);
      for (const p of stored.slice(0, 30)) fail('fuzz', p);
      acceptedTotal += accepted.sent.size;
      if (!(await healthy(svc.url))) fail('fuzz', `/healthz is not 200 after batch ${batch}`);
      if (tally.sent - before < FUZZ_BATCH) break;
      closeAgent();
      await svc.stop(2000);
      svc = undefined;
    }
    clearInterval(sampler);
    console.log(`  ${tally.sent} requests in ${((Date.now() - started) / 1000).toFixed(0)} s; by status ${JSON.stringify(tally.byStatus)}`);
    for (const f of tally.failures.slice(0, 30)) fail('fuzz', `${f.label}: ${f.problems.join('; ')}`);
    if (tally.failures.length > 30) fail('fuzz', `… and ${tally.failures.length - 30} more`);
    console.log(`  ${acceptedTotal} accepted comments read back identical: ${failures.some((f) => f.startsWith('fuzz')) ? 'NO' : 'yes'}`);
    const growthMb = (peakRss - rssBefore) / 1048576;
    console.log(`  RSS ${(rssBefore / 1048576).toFixed(0)} MB -> peak ${(peakRss / 1048576).toFixed(0)} MB`);
    if (growthMb > 400) fail('fuzz', `RSS grew by ${growthMb.toFixed(0)} MB`);
    if (({}).polluted !== undefined) fail('fuzz', 'Object.prototype was polluted');

    // The service's own timeouts: headersTimeout 10 s, requestTimeout 30 s, checked every 30 s by Node.
    console.log(`  raw clients against headersTimeout ${svc.server.headersTimeout} ms, requestTimeout ${svc.server.requestTimeout} ms`);
    if (!(svc.server.headersTimeout > 0 && svc.server.requestTimeout > 0)) fail('fuzz', 'the server has no headers or request timeout');
    const plans = rawPlans(SITE_KEY, 90_000, 500);
    const outcomes = await Promise.all(Object.entries(plans).map(async ([name, plan]) => [name, await rawExchange(svc.port, plan)]));
    for (const [name, o] of outcomes) {
      console.log(`    ${name}: ${o.hung ? 'HUNG' : o.status ?? 'closed'} after ${(o.ms / 1000).toFixed(1)} s`);
      if (o.hung) fail('fuzz', `raw client "${name}" was never answered or cut off`);
      if (o.status !== null && o.status >= 500) fail('fuzz', `raw client "${name}" got ${o.status}`);
    }
    if (!(await healthy(svc.url))) fail('fuzz', '/healthz is not 200 after the run');
    return { requests: tally.sent + outcomes.length, byStatus: tally.byStatus, accepted: acceptedTotal };
  } finally {
    clearInterval(sampler);
    closeAgent();
    if (svc) await svc.stop(2000);
  }
}

/** Posts until acknowledged (2xx) or the deadline, retrying 503s and dropped connections like a careful client. */
async function postUntilAcknowledged(url, body, deadline, counts) {
  while (Date.now() < deadline) {
    const res = await post(url, body, 8000);
    counts[res.status] = (counts[res.status] ?? 0) + 1;
    if (res.status === 201 || res.status === 200) return res.body.id;
    if (res.status >= 500 && res.status !== 503) return null;
    await sleep(res.status === 503 ? 500 : 200);
  }
  return null;
}

async function verifyAcknowledged(conn, acknowledged, part) {
  // One read of the site's comments: on the embedded database every non-_id filter is a scan.
  const docs = await commentModel(conn).find({ site: 'news1' }, { externalId: 1 }).lean();
  const byExternalId = new Map();
  const ids = new Set();
  for (const d of docs) {
    ids.add(String(d._id));
    if (d.externalId) byExternalId.set(d.externalId, (byExternalId.get(d.externalId) ?? 0) + 1);
  }
  let present = 0;
  for (const [externalId, id] of acknowledged) {
    const n = byExternalId.get(externalId) ?? 0;
    if (n === 1 && ids.has(id)) present++;
    else fail(part, `acknowledged ${externalId} (${id}): ${n} stored with that externalId, id ${ids.has(id) ? 'present' : 'missing'}`);
  }
  return { acknowledged: acknowledged.size, present, lost: acknowledged.size - present };
}

async function outagePart() {
  console.log('\n[2/5] database outage');
  const svc = await start({ EMBEDDED_DB_RESTART_DELAY_MS: '1000' });
  try {
    const acknowledged = new Map();
    const counts = {};
    let next = 0;
    let running = true;
    const client = async () => {
      while (running) {
        const externalId = `outage-${next++}`;
        const id = await postUntilAcknowledged(svc.url, { name: `Reader ${next % 9}`, text: `Outage comment ${externalId} on the story`, externalId }, Date.now() + 60_000, counts);
        if (id) acknowledged.set(externalId, id);
      }
    };
    const clients = Array.from({ length: 4 }, client);
    for (let kill = 1; kill <= 5; kill++) {
      // Kill only a database that is back and serving, so each kill is a real outage under traffic.
      const upBy = Date.now() + 60_000;
      while (!(await healthy(svc.url)) && Date.now() < upBy) await sleep(250);
      await sleep(3000);
      const pid = svc.db.embedded.pid();
      try {
        process.kill(pid, 'SIGKILL');
        console.log(`  killed the database (pid ${pid}), kill ${kill}/5`);
      } catch (err) {
        console.log(`  the database (pid ${pid}) was already gone: ${err.code}`);
      }
    }
    await sleep(6000);
    running = false;
    await Promise.all(clients);
    console.log(`  answers ${JSON.stringify(counts)}`);
    for (const [status, n] of Object.entries(counts)) if (Number(status) >= 500 && status !== '503') fail('outage', `${n} answers with ${status}`);
    const result = await verifyAcknowledged(svc.db.conn, acknowledged, 'outage');
    console.log(`  acknowledged ${result.acknowledged}, present exactly once ${result.present}, lost ${result.lost}`);
    return { ...result, answers: counts };
  } finally {
    await svc.stop(2000);
  }
}

async function shutdownPart() {
  console.log('\n[3/5] graceful shutdown under load');
  const svc = await start();
  const acknowledged = new Map();
  const counts = {};
  const posts = Array.from({ length: 300 }, async (_, i) => {
    await sleep(i * 3);
    const externalId = `shutdown-${i}`;
    const res = await post(svc.url, { name: `Reader ${i % 5}`, text: `Comment ${i} posted while the service stops`, externalId });
    counts[res.status] = (counts[res.status] ?? 0) + 1;
    if (res.status === 201 || res.status === 200) acknowledged.set(externalId, res.body.id);
  });
  await sleep(300);
  await svc.stop(10_000);
  await Promise.all(posts);
  console.log(`  answers ${JSON.stringify(counts)} (0 = refused after the stop)`);
  for (const [status, n] of Object.entries(counts)) if (Number(status) >= 500) fail('shutdown', `${n} answers with ${status}`);
  const again = await start({}, undefined, svc.dataDir);
  try {
    const result = await verifyAcknowledged(again.db.conn, acknowledged, 'shutdown');
    console.log(`  after a restart: acknowledged ${result.acknowledged}, present exactly once ${result.present}, lost ${result.lost}`);
    return result;
  } finally {
    await again.stop(2000);
  }
}

async function reloadPart() {
  console.log('\n[4/5] rule reload under load');
  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-rules-'));
  fs.cpSync(path.join(root, 'rules'), rulesDir, { recursive: true });
  const original = fs.readFileSync(path.join(rulesDir, 'default.yaml'), 'utf8');
  const loaded = new Set();
  let reloadErrors = 0;
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line);
        if (entry.rulesVersion) loaded.add(entry.rulesVersion);
        if (/rules not reloaded/.test(entry.msg)) reloadErrors++;
      }
      cb();
    },
  });
  const svc = await start({ RULES_DIR: rulesDir }, pino({ level: 'info', base: undefined }, logStream));
  try {
    const versions = new Map();
    const counts = {};
    let running = true;
    let n = 0;
    const client = async () => {
      while (running) {
        const i = n++;
        const res = await post(svc.url, { name: `Reader ${i % 7}`, text: `Reload comment ${i}: the council budget again` });
        counts[res.status] = (counts[res.status] ?? 0) + 1;
        if (res.body?.rulesVersion) versions.set(res.body.rulesVersion, (versions.get(res.body.rulesVersion) ?? 0) + 1);
      }
    };
    const clients = Array.from({ length: 4 }, client);
    const file = path.join(rulesDir, 'default.yaml');
    for (let round = 0; round < 16; round++) {
      await sleep(700);
      if (round % 4 === 1) fs.writeFileSync(file, original.replace('maxLength: 10000', 'maxLength: nope'));
      else if (round % 4 === 3) fs.writeFileSync(file, original.slice(0, Math.floor(original.length / 3)) + '\n  : [broken');
      else fs.writeFileSync(file, `${original}\n# variant ${round}\n`);
    }
    fs.writeFileSync(file, original);
    await sleep(1500);
    running = false;
    await Promise.all(clients);
    const unknown = [...versions.keys()].filter((v) => !loaded.has(v));
    console.log(`  answers ${JSON.stringify(counts)}; ${loaded.size} versions loaded, ${reloadErrors} broken reloads refused; decisions by version ${JSON.stringify(Object.fromEntries(versions))}`);
    for (const [status, k] of Object.entries(counts)) if (Number(status) >= 500 || status === '0') fail('reload', `${k} answers with ${status}`);
    if (unknown.length > 0) fail('reload', `decisions named versions never fully loaded: ${unknown.join(', ')}`);
    if (reloadErrors === 0) fail('reload', 'no broken rule file was refused: the reload path was not exercised');
    if (versions.size < 2) fail('reload', 'decisions saw only one rules version: reloads did not happen under load');
    return { requests: n, answers: counts, versionsLoaded: loaded.size, brokenRefused: reloadErrors };
  } finally {
    await svc.stop(2000);
  }
}

async function main() {
  const seed = seedFromEnv();
  const started = Date.now();
  const parts = new Set((process.env.CHAOS_PARTS ?? '1,2,3,4,5').split(',').map((p) => p.trim()));
  const none = { requests: 0, byStatus: {}, accepted: 0, answers: {}, acknowledged: 0, present: 0, lost: 0 };
  const fuzz = parts.has('1') ? await fuzzPart(seed) : none;
  const outage = parts.has('2') ? await outagePart() : none;
  const shutdown = parts.has('3') ? await shutdownPart() : none;
  const reload = parts.has('4') ? await reloadPart() : none;
  if (parts.has('5')) await reviewPart({ start, post, fail, SITE_KEY, MODERATOR_KEY });
  const outageSent = Object.values(outage.answers).reduce((a, b) => a + b, 0);
  const shutdownSent = parts.has('3') ? 300 : 0;
  const sent = fuzz.requests + outageSent + shutdownSent + reload.requests;
  console.log('\n== chaos summary ==');
  console.log(`seed ${seed}; parts ${[...parts].join(',')}; ${((Date.now() - started) / 60000).toFixed(1)} min`);
  console.log(`requests sent in parts 1-4: ${sent} (fuzz ${fuzz.requests}, outage ${outageSent}, shutdown ${shutdownSent}, reload ${reload.requests})`);
  console.log(`fuzz answers by status: ${JSON.stringify(fuzz.byStatus)}`);
  console.log(`outage answers by status: ${JSON.stringify(outage.answers)}; reload answers: ${JSON.stringify(reload.answers)}`);
  console.log(`acknowledged comments verified present: ${outage.present + shutdown.present} of ${outage.acknowledged + shutdown.acknowledged} (outage ${outage.present}, shutdown ${shutdown.present}); fuzz comments read back: ${fuzz.accepted}`);
  console.log(`lost: ${outage.lost + shutdown.lost}`);
  console.log(`failures: ${failures.length}`);
  for (const f of failures.slice(0, 50)) console.log(`  ${f}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
