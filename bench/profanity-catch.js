#!/usr/bin/env node
// Catch rate of the profanity check on real toxic text: the toxic spans that
// annotators marked in civil-comments-toxic-spans (SemEval-2021 Task 5, CC0).
// Two sets, both taken from the spans themselves:
//   profane  - spans containing a word of an independent reference list
//              (LDNOOBW + bad-words), as written, on word boundaries;
//   evasive  - short spans where symbols or digits sit inside a word
//              ("f*ck", "pu$$y", "b@stard") or letters are spaced out ("C U N T").
// Also checks every false-positive trap is approved. Needs `npm run build`.
// Usage: node bench/profanity-catch.js [--dist dist] [--show-misses]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const dist = path.resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : 'dist');
const showMisses = args.includes('--show-misses');
const root = path.resolve(__dirname, '..');
const { loadRuleBook } = require(path.join(dist, 'ruleset/loader'));
const { moderate } = require(path.join(dist, 'moderation/engine'));
const { EMPTY_HISTORY } = require(path.join(dist, 'moderation/types'));

// The project's own CSV reader (quoted fields may hold commas, quotes and newlines).
const { parseCsvRecords: parseCsv } = require('../dist/classifier/table-reader.js');

/** Contiguous runs of the annotated character offsets. */
function toxicSpans(file) {
  const spans = [];
  for (const [offsets, text] of parseCsv(fs.readFileSync(file, 'utf8')).slice(1)) {
    const list = JSON.parse(offsets || '[]');
    let start = null;
    for (let k = 0; k < list.length; k++) {
      if (start === null) start = list[k];
      if (list[k + 1] !== list[k] + 1) {
        spans.push(text.slice(start, list[k] + 1));
        start = null;
      }
    }
  }
  return spans;
}

function referenceWords() {
  const { Filter } = require('bad-words');
  const words = new Set();
  for (const line of fs.readFileSync(path.join(root, 'data/corpora/profanity/ldnoobw_en.txt'), 'utf8').split('\n')) {
    if (/^[a-z]+$/.test(line.trim())) words.add(line.trim());
  }
  for (const w of new Filter().list) if (/^[a-z]+$/.test(w)) words.add(w);
  return words;
}

const EVASIVE = /[a-z][*@$#!0-9]+[a-z*]|[a-z][*#]{2,}|\b[a-z]([ .\-_][a-z]){2,}\b/i;

function main() {
  const rules = loadRuleBook(path.join(root, 'rules')).defaultRules;
  const flagged = (text) =>
    moderate(rules, { site: 'bench', name: 'reader', text }, EMPTY_HISTORY, 0).reasons.some((r) => r.check === 'profanity');
  const spans = toxicSpans(path.join(root, 'data/corpora/civil-comments-toxic-spans/tsd_train.csv'));
  const reference = referenceWords();
  const profane = spans.filter((s) => s.toLowerCase().split(/[^a-z]+/).some((w) => reference.has(w)));
  const evasive = spans.filter((s) => s.length <= 40 && EVASIVE.test(s));
  const traps = fs
    .readFileSync(path.join(root, 'data/corpora/profanity/false_positive_traps.tsv'), 'utf8')
    .split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[0]);

  const rate = (set) => {
    const misses = set.filter((s) => !flagged(s));
    return { total: set.length, caught: set.length - misses.length, rate: (set.length - misses.length) / set.length, misses };
  };
  const results = {
    allSpans: rate(spans),
    profane: rate(profane),
    evasive: rate(evasive),
    trapsApproved: traps.filter((t) => moderate(rules, { site: 'bench', name: 'reader', text: t }, EMPTY_HISTORY, 0).action === 'approve').length,
    traps: traps.length,
  };
  for (const key of ['allSpans', 'profane', 'evasive']) {
    const r = results[key];
    console.log(`${key.padEnd(13)} ${String(r.caught).padStart(5)} / ${String(r.total).padEnd(5)} ${(100 * r.rate).toFixed(1)} %`);
    if (showMisses && key !== 'allSpans') console.log('  missed:', JSON.stringify(r.misses.slice(0, 80)));
  }
  // Which reference words the misses contain: mostly words the shipped lists leave out on purpose.
  const missedWords = new Map();
  for (const miss of results.profane.misses) {
    for (const w of new Set(miss.toLowerCase().split(/[^a-z]+/))) if (reference.has(w)) missedWords.set(w, (missedWords.get(w) ?? 0) + 1);
  }
  const top = [...missedWords].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([w, n]) => `${w} ${n}`);
  console.log(`profane misses by reference word: ${top.join(', ')}`);
  console.log(`traps         ${results.trapsApproved} / ${results.traps} approved`);
}

main();
