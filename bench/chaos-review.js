// Part 5 of `npm run chaos`: what an outside security review did to a running
// service, done again against the whole service on its own embedded database,
// with the figures it reported beside today's. Everything goes to 127.0.0.1;
// internal webhook targets are only strings the code must refuse.
//
//   a. the review's requests through the fuzz judge (tests/fuzz/review-cases.ts)
//   b. 100 comments stored with 4,000 evidence spans each (as before evidence was
//      bounded) and a moderator paging them while another site posts
//   c. ten clients posting 20,000-character adversarial texts while another site posts
//   d. 400 scrapes of /metrics at a concurrency of 100 while a site posts
//   e. webhooks: a receiver answering 300 MB, and the review's internal targets
//   f. HASH_PERSONAL_DATA: no email or IP in any collection after every write endpoint
//   g. 50 key guesses at Akismet's verify-key
'use strict';
const { createHash } = require('node:crypto');
const http = require('node:http');
const { median } = require('./lib/common');
const { SHAPES, shapeText } = require('./lib/adversarial-shapes');
const { reviewCases } = require('../tests/fuzz/review-cases.ts');
const { newTally, runCases } = require('../tests/fuzz/transport.ts');
const { commentModel } = require('../dist/store/comment-model.js');
const { deliveryModel } = require('../dist/store/delivery-model.js');
const { setSiteWebhook } = require('../dist/cli/sites.js');
const { checkWebhookUrl } = require('../dist/service/webhooks/target-policy.js');
const { identityFingerprint } = require('../dist/moderation/fingerprint.js');

const SITE2_KEY = 'chaos-review-site2-key';
const MiB = 1024 * 1024;
const percentile = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const ms = (x) => `${Math.round(x)} ms`;

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

async function request(url, { method = 'GET', headers = {}, body, timeoutMs = 60_000 } = {}) {
  try {
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, text };
  } catch (err) {
    return { status: 0, text: err.message };
  }
}

/** Posts ordinary comments as another site until `running()` is false; latencies in ms. */
async function otherSitePosts(url, running, clients = 2) {
  const latencies = [];
  const statuses = {};
  let n = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (running()) {
      const { ms: took, result } = await timed(() => request(`${url}/v1/comments`, {
        method: 'POST', headers: { Authorization: `Bearer ${SITE2_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `Neighbour ${n % 13}`, text: `An ordinary remark about the library hours, number ${n++}.` }),
      }));
      latencies.push(took);
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    }
  }));
  return { latencies, statuses };
}

const latencyLine = (l) => `p50 ${ms(percentile(l, 0.5))}, p99 ${ms(percentile(l, 0.99))}, max ${ms(Math.max(...l))} over ${l.length} posts`;

async function baseline(svc, seconds = 4) {
  let running = true;
  const posting = otherSitePosts(svc.url, () => running);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  running = false;
  return (await posting).latencies;
}

async function reviewRequests(ctx) {
  const svc = await ctx.start({ SITE_KEYS: `news1:${ctx.SITE_KEY}` });
  try {
    const created = await ctx.post(svc.url, { name: 'Ann', text: 'Held for the review' });
    const tally = newTally();
    await runCases(svc.port, reviewCases({ site: ctx.SITE_KEY, moderator: ctx.MODERATOR_KEY, commentId: created.body.id }), tally, { concurrency: 1 });
    console.log(`  a. ${tally.sent} review requests, by status ${JSON.stringify(tally.byStatus)}`);
    for (const f of tally.failures.slice(0, 20)) ctx.fail('review', `${f.label}: ${f.problems.join('; ')}`);
  } finally {
    await svc.stop(2000);
  }
}

async function unboundedEvidence(ctx) {
  const svc = await ctx.start();
  try {
    const created = await ctx.post(svc.url, { name: 'Ann', text: 'fuck '.repeat(4000) });
    console.log(`  b. "fuck " x 4000: ${created.status}, answer ${JSON.stringify(created.body).length} bytes (the review: 4,001 spans, 293 KB)`);
    if (JSON.stringify(created.body).length > 10_000) ctx.fail('review', 'the answer to a word said 4,000 times is over 10 KB');
    // 100 comments as stored before evidence was bounded: every one of 4,000 spans kept.
    const base = await commentModel(svc.db.conn).findById(created.body.id).lean();
    const spans = Array.from({ length: 4000 }, (_, i) => ({ field: 'text', start: 5 * i, end: 5 * i + 4, text: 'fuck', matched: 'fuck' }));
    const reasons = [{ check: 'profanity', rule: 'profanity.severe', action: 'reject', message: 'Contains the severe profanity "fuck" (matched "fuck") (4000 times).', evidence: { spans } }];
    const at = Date.now() - 3_600_000;
    for (let i = 0; i < 100; i += 10) {
      await commentModel(svc.db.conn).collection.insertMany(Array.from({ length: 10 }, (_, k) => ({
        ...base, _id: `legacy${String(i + k).padStart(3, '0')}`, createdAt: new Date(at + i + k), status: 'reject', decision: { ...base.decision, action: 'reject', reasons },
      })));
    }
    const before = await baseline(svc);
    let running = true;
    const pages = [];
    const health = {};
    const reading = (async () => {
      while (running) {
        const { ms: took, result } = await timed(() => request(`${svc.url}/v1/moderation/queue?status=rejected&limit=100`, { headers: { Authorization: `Bearer ${ctx.MODERATOR_KEY}` } }));
        pages.push({ ms: took, bytes: Buffer.byteLength(result.text), status: result.status, items: result.status === 200 ? JSON.parse(result.text).items.length : 0 });
      }
    })();
    const polling = (async () => {
      while (running) {
        const res = await request(`${svc.url}/healthz`, { timeoutMs: 10_000 });
        health[res.status] = (health[res.status] ?? 0) + 1;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const posting = otherSitePosts(svc.url, () => running);
    await new Promise((r) => setTimeout(r, 15_000));
    running = false;
    const { latencies, statuses } = await posting;
    await Promise.all([reading, polling]);
    const biggest = Math.max(...pages.map((p) => p.bytes));
    console.log(`  b. ${pages.length} queue pages of 100 stored-unbounded comments: ${pages[0]?.items} items, ${(biggest / MiB).toFixed(2)} MB at most, median ${ms(median(pages.map((p) => p.ms)))} (the review: 31 MB in 23-25 s)`);
    console.log(`     another site's posts meanwhile: ${latencyLine(latencies)}; alone before: ${latencyLine(before)}; /healthz ${JSON.stringify(health)} (the review: 16 s, /healthz 503)`);
    if (biggest > MiB + 4096) ctx.fail('review', `a queue page was ${biggest} bytes`);
    if (Object.keys(health).some((s) => s !== '200')) ctx.fail('review', `/healthz answered ${JSON.stringify(health)} while a moderator paged`);
    if (Object.keys(statuses).some((s) => Number(s) >= 500 || s === '0')) ctx.fail('review', `posts answered ${JSON.stringify(statuses)}`);
  } finally {
    await svc.stop(2000);
  }
}

async function adversarialLoad(ctx) {
  const svc = await ctx.start();
  try {
    const before = await baseline(svc);
    let running = true;
    let served = 0;
    const attackers = Array.from({ length: 10 }, async (_, c) => {
      for (let i = c; running; i++) {
        const res = await ctx.post(svc.url, { name: `Shape ${c}`, text: shapeText(SHAPES[i % SHAPES.length], 20_000) }, 30_000);
        if (res.status === 201 || res.status === 200) served++;
        else if (res.status >= 500 || res.status === 0) ctx.fail('review', `an adversarial text got ${res.status}`);
      }
    });
    const posting = otherSitePosts(svc.url, () => running);
    await new Promise((r) => setTimeout(r, 11_000));
    running = false;
    const { latencies } = await posting;
    await Promise.all(attackers);
    console.log(`  c. ten clients, 20,000-character adversarial texts for 11 s: ${served} served (the review: 38); another site's posts ${latencyLine(latencies)}; alone before: ${latencyLine(before)} (the review: 700 ms)`);
  } finally {
    await svc.stop(2000);
  }
}

async function metricsScrapes(ctx) {
  const svc = await ctx.start({ METRICS_RATE_LIMIT_PER_MINUTE: '100000000' });
  try {
    const before = await baseline(svc);
    let running = true;
    const posting = otherSitePosts(svc.url, () => running);
    const statuses = {};
    let next = 0;
    const { ms: took } = await timed(() => Promise.all(Array.from({ length: 100 }, async () => {
      while (next++ < 400) {
        const res = await request(`${svc.url}/metrics`);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    })));
    running = false;
    const { latencies } = await posting;
    console.log(`  d. 400 scrapes at concurrency 100 in ${ms(took)}, by status ${JSON.stringify(statuses)}; posts meanwhile ${latencyLine(latencies)}; alone before: ${latencyLine(before)} (the review: 20 ms to 3 s)`);
    if (Object.keys(statuses).some((s) => s !== '200')) ctx.fail('review', `scrapes answered ${JSON.stringify(statuses)}`);
  } finally {
    await svc.stop(2000);
  }
}

/** A receiver on 127.0.0.1 answering 200 with `bytes` of body. */
async function bigAnswerReceiver(bytes) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes) });
      const chunk = Buffer.alloc(MiB, 120);
      let left = bytes;
      const pump = () => {
        while (left > 0) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          if (!res.write(piece)) return;
        }
        res.end();
      };
      res.on('drain', pump);
      res.on('close', () => { left = 0; });
      pump();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hooks`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

async function webhooks(ctx) {
  for (const target of ['http://127.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://[::1]/', 'http://0.0.0.0/', 'http://2130706433/', 'http://user:pass@hooks.example.org/']) {
    try {
      checkWebhookUrl(target, false);
      ctx.fail('review', `the webhook target ${target} was accepted`);
    } catch { /* refused, as it must be */ }
  }
  console.log('  e. the review\'s 7 internal webhook targets: all refused when set');
  const receiver = await bigAnswerReceiver(300 * MiB);
  const svc = await ctx.start({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
  try {
    await setSiteWebhook(svc.db.conn, 'news1', { url: receiver.url, secret: 'chaos-review-webhook-secret', events: ['comment.decided'] });
    if (global.gc) global.gc();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    // Wait past the outbox's site cache, then three decisions to deliver.
    for (let i = 0; i < 3; i++) await ctx.post(svc.url, { name: `Hooked ${i}`, text: `A comment that goes out by webhook, number ${i}.` });
    const deadline = Date.now() + 60_000;
    let delivered = 0;
    while (Date.now() < deadline && delivered < 3) {
      delivered = await deliveryModel(svc.db.conn).countDocuments({ state: 'delivered' });
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(sampler);
    console.log(`  e. a receiver answering 300 MB: ${delivered} of 3 deliveries recorded delivered; RSS ${(rssBefore / MiB).toFixed(0)} MB -> peak ${(peak / MiB).toFixed(0)} MB (the review: 112 -> 938 MB)`);
    if (delivered < 3) ctx.fail('review', `only ${delivered} of 3 deliveries to the 300 MB receiver were recorded`);
    if (peak - rssBefore > 100 * MiB) ctx.fail('review', `RSS grew by ${((peak - rssBefore) / MiB).toFixed(0)} MB during deliveries`);
  } finally {
    await svc.stop(2000);
    await receiver.close();
  }
}

async function personalData(ctx) {
  const svc = await ctx.start({ HASH_PERSONAL_DATA: 'true' });
  try {
    const email = 'Reviewer.Person@Example.org';
    const ip = '198.51.100.77';
    await ctx.post(svc.url, { name: 'Rae', text: 'A plain remark on the budget.', email, ip });
    const form = (extra = '') => `api_key=${ctx.SITE_KEY}&blog=https%3A%2F%2Fnews1.example&user_ip=${ip}&comment_author=Rae&comment_author_email=${encodeURIComponent(email)}&comment_content=Some+words${extra}`;
    for (const route of ['comment-check', 'submit-spam', 'submit-ham']) {
      await request(`${svc.url}/1.1/${route}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form() });
    }
    const needles = [email, ip].flatMap((v) => {
      const normal = v.trim().toLowerCase();
      const sha = createHash('sha256').update(normal).digest('hex');
      return [normal, sha, identityFingerprint(v)];
    });
    const found = [];
    for (const { name } of await svc.db.conn.db.listCollections().toArray()) {
      for (const doc of await svc.db.conn.db.collection(name).find({}).toArray()) {
        const text = JSON.stringify(doc).toLowerCase();
        for (const n of needles) if (text.includes(n)) found.push(`${name}: ${n}`);
      }
    }
    console.log(`  f. HASH_PERSONAL_DATA: after a comment, comment-check, submit-spam and submit-ham, ${found.length} plain or unkeyed copies of the email and IP in the database`);
    for (const f of found) ctx.fail('review', `personal data stored: ${f}`);
  } finally {
    await svc.stop(2000);
  }
}

async function keyGuesses(ctx) {
  const svc = await ctx.start({ AUTH_FAILURES_PER_MINUTE: '20' });
  try {
    const answers = {};
    const { ms: took } = await timed(async () => {
      for (let i = 0; i < 50; i++) {
        const res = await request(`${svc.url}/1.1/verify-key`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `key=guess-${i}&blog=https%3A%2F%2Fnews1.example` });
        answers[res.text] = (answers[res.text] ?? 0) + 1;
      }
    });
    console.log(`  g. 50 verify-key guesses in ${ms(took)}: ${JSON.stringify(answers)} (the review: 50 answered in 0.9 s)`);
    if ((answers.invalid ?? 0) > 20) ctx.fail('review', `${answers.invalid} key guesses were answered`);
  } finally {
    await svc.stop(2000);
  }
}

async function reviewPart(ctx) {
  console.log('\n[5/5] the security review, again');
  // The review's parts, each on a fresh service; a second site posts where a part measures its neighbours.
  const withSecondSite = { ...ctx, start: (env = {}) => ctx.start({ SITE_KEYS: `news1:${ctx.SITE_KEY},news2:${SITE2_KEY}`, ...env }) };
  const all = { reviewRequests, unboundedEvidence, adversarialLoad, metricsScrapes, webhooks, personalData, keyGuesses };
  // CHAOS_REVIEW_ONLY=unboundedEvidence (a name above) runs one of them.
  const only = process.env.CHAOS_REVIEW_ONLY;
  for (const part of only ? [all[only]] : Object.values(all)) {
    await part(withSecondSite);
  }
}

module.exports = { reviewPart };
