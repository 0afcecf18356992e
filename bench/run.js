#!/usr/bin/env node
// `npm run bench`: every benchmark, one after another (they would disturb
// each other's timings if run together), then one summary table.
//
//   npm run bench               full run (about 30-40 minutes on 2 cores: it stores a million comments)
//   npm run bench -- --quick    under 2 minutes
//   npm run bench -- --smoke    seconds: proves the harness runs
// Each benchmark writes bench/results/<name>.json; this writes summary.json.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { writeResults } = require('./lib/common');

const flag = process.argv.includes('--smoke') ? '--smoke' : process.argv.includes('--quick') ? '--quick' : null;
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

// The engine runs pinned to one core: its targets are per core.
const BENCHES = [
  { name: 'engine', cmd: hasTaskset ? ['taskset', '-c', '1', process.execPath] : [process.execPath], script: 'engine.js' },
  { name: 'http', cmd: [process.execPath], script: 'http.js' },
  { name: 'replay', cmd: [process.execPath, '--expose-gc'], script: 'replay.js' },
  { name: 'moderation-queue', cmd: [process.execPath], script: 'moderation-queue.js' },
  { name: 'moderation-scale', cmd: [process.execPath], script: 'moderation-scale.js' },
  { name: 'adversarial', cmd: hasTaskset ? ['taskset', '-c', '1', process.execPath] : [process.execPath], script: 'adversarial.js' },
];

const started = Date.now();
const failures = [];
for (const bench of BENCHES) {
  console.log(`\n== ${bench.name}`);
  const [bin, ...pre] = bench.cmd;
  const res = spawnSync(bin, [...pre, path.join(__dirname, bench.script), ...(flag ? [flag] : [])], { stdio: 'inherit' });
  if (res.status !== 0) failures.push(bench.name);
}

const read = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, 'results', `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
};
const engine = read('engine');
const http = read('http');
const replay = read('replay');
const queue = read('moderation-queue');
const scale = read('moderation-scale');
const adversarial = read('adversarial');
const pick = (rows, words, contender, mix = 'mixed') =>
  rows?.results?.find((r) => (r.mix ?? 'mixed') === mix && r.words === words && r.contender.startsWith(contender))?.medianPerSecond;
const summary = {
  mode: flag ?? 'full',
  seconds: Math.round((Date.now() - started) / 1000),
  failures,
  engine40: {
    profanityOnly: pick(engine, 40, 'engine, profanity check'),
    profanityAndSpam: pick(engine, 40, 'engine, profanity + spam'),
    allChecks: pick(engine, 40, 'engine, all'),
    badWords: pick(engine, 40, 'bad-words'),
    obscenity: pick(engine, 40, 'obscenity'),
  },
  engine40News: {
    profanityOnly: pick(engine, 40, 'engine, profanity check', 'news'),
    profanityAndSpam: pick(engine, 40, 'engine, profanity + spam', 'news'),
    allChecks: pick(engine, 40, 'engine, all', 'news'),
  },
  http: http && {
    serviceReqPerSec: http.empty?.service?.reqPerSec,
    baselineReqPerSec: http.empty?.baseline?.reqPerSec,
    ratio: http.empty?.ratio,
    p99AtHalfLoadMs: http.halfLoad?.p99,
    seededRatio: http.seeded?.ratioToEmpty,
    rssAfterWarmupMb: http.serviceRssAfterWarmupMb,
    rssUnderLoadMb: http.serviceRssUnderLoadMb,
  },
  replay: replay && { comments: replay.comments, perSecond: replay.replay?.commentsPerSecond, peakRssMb: replay.memory?.peakRssDuringReplayMb },
  moderationScale: scale && scale.runs.map((r) => ({ stored: r.stored, ...Object.fromEntries(['submit', 'action', 'race', 'detail', 'queue', 'stats'].map((m) => [m, `${r[m].p50} / ${r[m].p99} ms`])) })),
  adversarial: adversarial && { budgetMs: adversarial.budgetMs, slowestShape: adversarial.worst?.shape, slowestMs: adversarial.worst?.ms20k, overBudget: adversarial.overBudget },
  moderationQueue: queue && { stored: queue.stored, queueMs: queue.queue?.indexMs, queueThroughQueriesMs: queue.queue?.queriesMs, statsMs: queue.stats?.indexMs, statsThroughQueriesMs: queue.stats?.queriesMs, webhookDueScanMs: queue.webhookDueScan?.indexMs, webhookDueScanThroughQueriesMs: queue.webhookDueScan?.queriesMs },
};
console.log('\n== summary');
console.log(JSON.stringify(summary, null, 2));
console.log(`written ${writeResults('summary', summary)}`);
process.exitCode = failures.length ? 1 : 0;
