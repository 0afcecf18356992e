#!/usr/bin/env node
// Measures the rule-based spam checks on the labelled spam corpora: runs the
// engine with the default rules (classifier disabled, so the rules are judged
// alone) and counts "not approved" against the spam label.
//
//   npm run build && node bench/spam-eval.js [--rules DIR] [--show-ham-held] [--show-missed N]
//
// Prints precision, recall and F1 per dataset, the number of ham comments
// held or rejected (each one costs a moderator's time), and which rules fired
// on spam and on ham.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { validateRules, compileRules } = require('../dist/ruleset/loader.js');
const { moderate } = require('../dist/moderation/engine.js');
const { EMPTY_HISTORY } = require('../dist/moderation/types.js');

const ROOT = path.resolve(__dirname, '..');
const CORPORA = path.join(ROOT, 'data', 'corpora');

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines.
 * Returns rows as arrays of strings.
 */
// The project's own CSV reader (quoted fields may hold commas, quotes and newlines).
const { parseCsvRecords: parseCsv } = require('../dist/classifier/table-reader.js');

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The YouTube export holds comments as YouTube rendered them: entities, <br />
 * and auto-linked <a> tags. Turn them back into what the author typed; a
 * link's visible text is kept (for pasted URLs that is the URL itself).
 */
function htmlToText(html) {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
      if (name[0] === '#') return String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

function loadYoutube() {
  const dir = path.join(CORPORA, 'youtube-spam');
  const items = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const [header, ...rows] = parseCsv(fs.readFileSync(path.join(dir, file), 'utf8'));
    const col = (name) => header.indexOf(name);
    const [author, content, label] = [col('AUTHOR'), col('CONTENT'), col('CLASS')];
    for (const row of rows) {
      if (row.length < header.length) continue;
      items.push({ name: row[author] || 'anonymous', text: htmlToText(row[content]), spam: row[label].trim() === '1', source: file });
    }
  }
  return items;
}

/** SMS messages, duplicates removed (the collection repeats about 400 texts). */
function loadSms() {
  const seen = new Set();
  const items = [];
  const text = fs.readFileSync(path.join(CORPORA, 'sms-spam', 'SMSSpamCollection.tsv'), 'utf8');
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const label = line.slice(0, tab);
    const body = line.slice(tab + 1).replace(/\r$/, '');
    const key = label + '\t' + body;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ name: 'sender', text: htmlToText(body), spam: label === 'spam', source: 'sms' });
  }
  return items;
}

/** The default rules with the named checks switched off (`enabled: false`). */
function rulesWithout(dir, disabled) {
  const file = ['default.yaml', 'default.yml', 'default.json'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  const sourceText = fs.readFileSync(file, 'utf8');
  const raw = file.endsWith('.json') ? JSON.parse(sourceText) : YAML.parse(sourceText);
  raw.checks = raw.checks || {};
  for (const name of disabled) raw.checks[name] = { ...(raw.checks[name] || {}), enabled: false };
  return compileRules(validateRules(raw, file), { dir, file, site: null, sourceText });
}

// The content spam checks alone (validity stays: an empty comment is not judged by them).
const SPAM_CHECKS = new Set(['validity', 'links', 'patterns', 'shape']);

function evaluate(rules, items, options) {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  const ruleHits = new Map();
  const hamHeld = [];
  const missed = [];
  const now = Date.now();
  for (const item of items) {
    const decision = moderate(rules, { site: 'eval', name: item.name, text: item.text }, EMPTY_HISTORY, now);
    const flagged = decision.action !== 'approve';
    for (const rule of new Set(decision.reasons.filter((r) => r.action !== 'approve').map((r) => r.rule))) {
      const hits = ruleHits.get(rule) || { spam: 0, ham: 0 };
      hits[item.spam ? 'spam' : 'ham']++;
      ruleHits.set(rule, hits);
    }
    if (flagged && item.spam) tp++;
    else if (flagged) {
      fp++;
      hamHeld.push({ item, reasons: decision.reasons.map((r) => `${r.rule}: ${r.message}`) });
    } else if (item.spam) {
      fn++;
      missed.push(item);
    } else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1, ruleHits, hamHeld, missed };
}

function report(name, items, result, options) {
  const spam = items.filter((i) => i.spam).length;
  const fmt = (x) => x.toFixed(3);
  console.log(`\n${name}: ${items.length} comments, ${spam} spam, ${items.length - spam} ham`);
  console.log(`  precision ${fmt(result.precision)}  recall ${fmt(result.recall)}  F1 ${fmt(result.f1)}`);
  console.log(`  spam caught ${result.tp}, spam missed ${result.fn}, ham held ${result.fp}, ham approved ${result.tn}`);
  const rows = [...result.ruleHits].sort((a, b) => b[1].spam + b[1].ham - (a[1].spam + a[1].ham));
  for (const [rule, hits] of rows) console.log(`    ${rule.padEnd(28)} spam ${String(hits.spam).padStart(5)}  ham ${String(hits.ham).padStart(4)}`);
  if (options.showHamHeld) {
    for (const { item, reasons } of result.hamHeld) console.log(`  HAM HELD ${JSON.stringify(item.text.slice(0, 200))}\n      ${reasons.join('\n      ')}`);
  }
  for (const item of result.missed.slice(0, options.showMissed)) console.log(`  MISSED ${JSON.stringify(item.text.slice(0, 200))}`);
}

function main(argv) {
  const options = { rules: path.join(ROOT, 'rules'), showHamHeld: false, showMissed: 0 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rules') options.rules = path.resolve(argv[++i]);
    else if (argv[i] === '--show-ham-held') options.showHamHeld = true;
    else if (argv[i] === '--show-missed') options.showMissed = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  const { CHECKS } = require('../dist/moderation/checks/index.js');
  const variants = [
    ['default rules, classifier disabled', rulesWithout(options.rules, ['classifier'])],
    ['spam checks only (links, patterns, shape)', rulesWithout(options.rules, CHECKS.map((c) => c.name).filter((n) => !SPAM_CHECKS.has(n)))],
  ];
  const datasets = [['youtube-spam (4 videos)', loadYoutube()], ['sms-spam (deduplicated)', loadSms()]];
  for (const [label, rules] of variants) {
    console.log(`\n=== ${label}: rules ${rules.version} from ${options.rules}`);
    for (const [name, items] of datasets) report(name, items, evaluate(rules, items, options), options);
  }
}

module.exports = { htmlToText, loadYoutube, loadSms };
if (require.main === module) main(process.argv.slice(2));
