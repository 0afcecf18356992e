#!/usr/bin/env node
// The engine on texts built to make it slow (bench/lib/adversarial-shapes.js):
// for each shape, milliseconds to moderate 20,000 characters of it with every
// check of the shipped rules (and each check alone, beside normalising), and
// how that grows from 2,000 characters (ten 2,000-character comments against
// one of 20,000: about 1 for work linear in the text, about 10 for quadratic).
// The budget is 20 ms per 20,000-character comment. Run `npm run build` first:
//
//   node bench/adversarial.js [--quick|--smoke]
'use strict';
const path = require('node:path');
const { median, writeResults } = require('./lib/common');
const { SHAPES, shapeText } = require('./lib/adversarial-shapes');

const root = path.resolve(__dirname, '..');
const { loadRuleBook } = require(path.join(root, 'dist/ruleset/loader'));
const { prepare, decide } = require(path.join(root, 'dist/moderation/engine'));
const { EMPTY_HISTORY } = require(path.join(root, 'dist/moderation/types'));

const smoke = process.argv.includes('--smoke');
const quick = process.argv.includes('--quick');
const RUNS = smoke ? 1 : quick ? 5 : 11;
const BUDGET_MS = 20;
const shapes = smoke ? SHAPES.slice(0, 3) : SHAPES;

const full = loadRuleBook(path.join(root, 'rules')).defaultRules;
// Every check runs: stopping at the first reject would hide the later checks' cost.
const withChecks = (names) => ({ ...full, policy: { ...full.policy, stopOnReject: false }, checks: full.checks.filter((c) => names === null || names.includes(c.name)) });
const everyCheck = withChecks(null);
const alone = Object.fromEntries(full.checks.map((c) => [c.name, withChecks([c.name])]));

const ms = (fn) => {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

/** Median ms for one 20,000-character comment and for ten of 2,000, measured alternately. */
function measure(rules, shape) {
  const big = { site: 'bench', name: 'Reader', text: shapeText(shape, 20_000) };
  const small = { site: 'bench', name: 'Reader', text: shapeText(shape, 2_000) };
  const run = (c) => decide(rules, prepare(c), EMPTY_HISTORY, 0);
  run(big);
  run(small);
  const bigMs = [];
  const smallMs = [];
  for (let i = 0; i < RUNS; i++) {
    bigMs.push(ms(() => run(big)));
    smallMs.push(ms(() => { for (let k = 0; k < 10; k++) run(small); }));
  }
  return { ms20k: median(bigMs), growth: median(bigMs) / Math.max(median(smallMs), 1e-3) };
}

const results = [];
console.log(`${'shape'.padEnd(34)} ${'ms at 20k'.padStart(9)} ${'growth'.padStart(7)}  slowest check alone (ms)`);
for (const shape of shapes) {
  const all = measure(everyCheck, shape);
  const checks = Object.fromEntries(Object.entries(alone).map(([name, rules]) => [name, measure(rules, shape).ms20k]));
  const [slowest, slowestMs] = Object.entries(checks).sort((a, b) => b[1] - a[1])[0];
  results.push({ shape: shape.name, ms20k: Math.round(all.ms20k * 100) / 100, growth: Math.round(all.growth * 100) / 100, checks });
  const flag = all.ms20k > BUDGET_MS ? '  OVER BUDGET' : '';
  console.log(`${shape.name.padEnd(34)} ${all.ms20k.toFixed(2).padStart(9)} ${all.growth.toFixed(2).padStart(7)}  ${slowest} ${slowestMs.toFixed(2)}${flag}`);
}
const worst = results.reduce((a, b) => (b.ms20k > a.ms20k ? b : a));
const over = results.filter((r) => r.ms20k > BUDGET_MS).map((r) => r.shape);
console.log(`\nslowest: ${worst.shape} ${worst.ms20k} ms (budget ${BUDGET_MS} ms); largest growth ${Math.max(...results.map((r) => r.growth)).toFixed(2)} (linear: about 1)`);
if (over.length) console.log(`over budget: ${over.join(', ')}`);
writeResults('adversarial', { runs: RUNS, budgetMs: BUDGET_MS, worst: { shape: worst.shape, ms20k: worst.ms20k }, overBudget: over, results });
