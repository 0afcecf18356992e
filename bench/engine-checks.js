#!/usr/bin/env node
// Where the engine's time goes: each check of the shipped rules run alone
// beside validity (the cheapest), over bench/engine.js's 40-word comments, in
// CPU time per comment on one core. A check's cost is its line minus the
// validity line. Run `npm run build` first, pinned to one core:
//
//   taskset -c 1 node bench/engine-checks.js
'use strict';
const path = require('node:path');
const { loadPools, buildComments } = require('./engine.js');

const root = path.resolve(__dirname, '..');
const { loadRuleBook } = require(path.join(root, 'dist/ruleset/loader'));
const { moderate } = require(path.join(root, 'dist/moderation/engine'));
const { EMPTY_HISTORY } = require(path.join(root, 'dist/moderation/types'));

const COMMENTS = 2000;
const PER_SAMPLE = 40_000;
const SAMPLES = 7;

function microsPerComment(rules, comments) {
  let now = 0;
  for (let i = 0; i < 20_000; i++) moderate(rules, comments[i % COMMENTS], EMPTY_HISTORY, now++); // warm-up
  const samples = [];
  for (let s = 0; s < SAMPLES; s++) {
    const start = process.cpuUsage();
    for (let i = 0; i < PER_SAMPLE; i++) moderate(rules, comments[i % COMMENTS], EMPTY_HISTORY, now++);
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / PER_SAMPLE);
  }
  return samples.sort((a, b) => a - b)[Math.floor(SAMPLES / 2)];
}

const full = loadRuleBook(path.join(root, 'rules')).defaultRules;
const comments = buildComments(loadPools(), 40, COMMENTS, 40);
const only = (names) => ({ ...full, checks: full.checks.filter((c) => names.includes(c.name)) });
const base = microsPerComment(only(['validity']), comments);
console.log(`validity alone (normalising, fingerprint, policy included): ${base.toFixed(1)} us per 40-word comment`);
for (const check of full.checks.map((c) => c.name).filter((n) => n !== 'validity')) {
  const us = microsPerComment(only(['validity', check]), comments);
  console.log(`${check.padEnd(10)} +${(us - base).toFixed(1)} us`);
}
