#!/usr/bin/env node
// Proof for engine speed work: the decisions of this checkout's build and of
// another checkout's build (e.g. `git worktree add /tmp/before HEAD~3`, then
// npm run build there) over the same inputs, under the same rules. Inputs:
// every corpus text, the benchmark's 40- and 300-word comments, the
// false-positive traps and the naughty strings (also as names and emails).
// Exits 1 and prints the first differences when any decision differs.
//
//   node bench/compare-decisions.js /tmp/before [--rules DIR] [--checks profanity,links,...]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { loadPools, buildComments } = require('./engine.js');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const other = args[0];
if (!other || other.startsWith('--')) {
  console.error('usage: node bench/compare-decisions.js OTHER_CHECKOUT [--rules DIR] [--checks a,b]');
  process.exit(2);
}
const rulesDir = path.resolve(flag('--rules') ?? path.join(root, 'rules'));
const only = flag('--checks')?.split(',');

function engineOf(checkout) {
  const dist = path.join(path.resolve(checkout), 'dist');
  const book = require(path.join(dist, 'ruleset/loader')).loadRuleBook(rulesDir).defaultRules;
  const rules = only ? { ...book, checks: book.checks.filter((c) => only.includes(c.name)) } : book;
  const { moderate } = require(path.join(dist, 'moderation/engine'));
  const { EMPTY_HISTORY } = require(path.join(dist, 'moderation/types'));
  return (comment, now) => {
    const { rulesVersion: _version, ...decision } = moderate(rules, comment, EMPTY_HISTORY, now);
    return JSON.stringify(decision);
  };
}

const pools = loadPools();
const names = ['reader', 'Jane Doe', 'sh1tposter', 'www.spam.com', 'f u c k', 'Дмитрий', 'josé@example.com'];
const inputs = [];
for (const list of Object.values(pools)) list.forEach((text, i) => inputs.push({ site: 'x', name: names[i % names.length], text }));
inputs.push(...buildComments(pools, 40, 2000, 40), ...buildComments(pools, 300, 500, 300));
const corpus = (file) => fs.readFileSync(path.join(root, 'data/corpora/profanity', file), 'utf8');
for (const line of corpus('false_positive_traps.tsv').split('\n').slice(1)) {
  const text = line.split('\t')[0];
  if (text) inputs.push({ site: 'x', name: 'reader', text });
}
for (const s of JSON.parse(corpus('blns.json'))) if (s) inputs.push({ site: 'x', name: s.slice(0, 50), text: s, email: s.slice(0, 30) });

const here = engineOf(root);
const there = engineOf(other);
let differences = 0;
inputs.forEach((comment, i) => {
  const a = there(comment, i);
  const b = here(comment, i);
  if (a === b) return;
  if (++differences <= 5) console.log(`differs: ${JSON.stringify(comment.text.slice(0, 100))}\n  ${other}: ${a.slice(0, 300)}\n  here: ${b.slice(0, 300)}`);
});
console.log(`${inputs.length} inputs, ${differences} decisions differ`);
process.exit(differences === 0 ? 0 : 1);
