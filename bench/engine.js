#!/usr/bin/env node
// Throughput of the moderation engine on one core, against the profanity
// libraries people reach for first. Run `npm run build` first; it uses dist/.
//
//   node bench/engine.js            full run (5 repetitions, 1.5 s each)
//   node bench/engine.js --quick    3 repetitions of 0.3 s
//
// Comments are a fixed, seeded mix built from data/corpora: 50 % clean
// (SMS/YouTube ham, Davidson "neither" tweets), 20 % profane (Davidson
// offensive tweets), 10 % evasive (masked and spaced-out toxic spans from
// civil-comments-toxic-spans dropped into clean text), 20 % spam (SMS and
// YouTube spam); 40-word and 300-word comments are measured separately.
// A third set, "news", is 40-word windows of real news-site comments (the
// Civil Comments toxic-spans trial file, as `moderate eval --speed` uses):
// the mix above is built to be hard, with half its comments abusive or spam,
// while a site's real stream is mostly ordinary comments, which cost less.
// Each contender runs over the same comments for a fixed CPU time; the table
// shows the median comments per CPU-second over the repetitions and the ratio
// to the engine's profanity path. Run it pinned to one core
// (`taskset -c 1 node bench/engine.js`): then a CPU-second is a core-second. Results also go to bench/results/engine.json.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
// --smoke: a tiny run that only proves the harness works (used by the tests).
const smoke = process.argv.includes('--smoke');
const REPETITIONS = smoke ? 1 : quick ? 3 : 5;
const RUN_MS = smoke ? 30 : quick ? 300 : 1500;
const COMMENTS = smoke ? 100 : 2000;

const { loadRuleBook } = require(path.join(root, 'dist/ruleset/loader'));
const { moderate } = require(path.join(root, 'dist/moderation/engine'));
const { EMPTY_HISTORY } = require(path.join(root, 'dist/moderation/types'));
const { detectLanguage } = require(path.join(root, 'dist/moderation/language/detect'));

// --- corpus -----------------------------------------------------------------

// The project's own CSV reader (quoted fields may hold commas, quotes and newlines).
const { parseCsvRecords: parseCsv } = require('../dist/classifier/table-reader.js');

const read = (rel) => fs.readFileSync(path.join(root, 'data/corpora', rel), 'utf8');

function loadPools() {
  const pools = { clean: [], profane: [], evasive: [], spam: [] };
  for (const line of read('sms-spam/SMSSpamCollection.tsv').split('\n')) {
    const [label, text] = line.split('\t');
    if (text) (label === 'spam' ? pools.spam : pools.clean).push(text);
  }
  const ytDir = path.join(root, 'data/corpora/youtube-spam');
  for (const file of fs.readdirSync(ytDir).filter((f) => f.endsWith('.csv'))) {
    for (const row of parseCsv(fs.readFileSync(path.join(ytDir, file), 'utf8')).slice(1)) {
      if (row[3]) (row[4] === '1' ? pools.spam : pools.clean).push(row[3]);
    }
  }
  for (const row of parseCsv(read('davidson-hate-offensive/labeled_data.csv')).slice(1)) {
    const tweet = row[6];
    if (!tweet) continue;
    if (row[5] === '1') pools.profane.push(tweet);
    else if (row[5] === '2') pools.clean.push(tweet);
  }
  const evasive = /[a-z][*@$#!0-9]+[a-z*]|[a-z][*#]{2,}|\b[a-z]([ .\-_][a-z]){2,}\b/i;
  for (const [offsets, text] of parseCsv(read('civil-comments-toxic-spans/tsd_train.csv')).slice(1)) {
    const list = JSON.parse(offsets || '[]');
    let start = null;
    for (let k = 0; k < list.length; k++) {
      if (start === null) start = list[k];
      if (list[k + 1] !== list[k] + 1) {
        const span = text.slice(start, list[k] + 1);
        if (span.length <= 40 && evasive.test(span)) pools.evasive.push(span);
        start = null;
      }
    }
  }
  return pools;
}

// Seeded, so every run measures the same comments.
const { seededRandom: prng } = require('../dist/util/seeded-random.js');

function buildComments(pools, words, count, seed) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const fill = (pool, out) => {
    while (out.length < words) out.push(...pick(pool).split(/\s+/).filter(Boolean));
    return out.slice(0, words);
  };
  const comments = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    let text;
    if (r < 0.5) text = fill(pools.clean, []).join(' ');
    else if (r < 0.7) text = fill(pools.profane, []).join(' ');
    else if (r < 0.8) {
      const clean = fill(pools.clean, []);
      clean.splice(Math.floor(random() * clean.length), 1, pick(pools.evasive));
      text = clean.slice(0, words).join(' ');
    } else text = fill(pools.spam, []).join(' ');
    comments.push({ site: 'bench', name: pick(['reader', 'Jane Doe', 'news fan', 'sh1tposter']), text });
  }
  return comments;
}

// --- contenders -------------------------------------------------------------

function contenders() {
  const full = loadRuleBook(path.join(root, 'rules')).defaultRules;
  // Same compiled rules with every other check removed: the profanity path alone.
  const profanityOnly = { ...full, checks: full.checks.filter((c) => c.name === 'profanity') };
  // The content checks that need no database and no model: profanity and the spam checks.
  const contentChecks = ['validity', 'profanity', 'links', 'patterns', 'shape'];
  const profanityAndSpam = { ...full, checks: full.checks.filter((c) => contentChecks.includes(c.name)) };
  const { Filter } = require('bad-words');
  const filter = new Filter();
  const { RegExpMatcher, englishDataset, englishRecommendedTransformers } = require('obscenity');
  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  let now = 0;
  return [
    { name: 'engine, profanity check only', run: (c) => moderate(profanityOnly, c, EMPTY_HISTORY, now++).action !== 'approve' },
    { name: 'engine, profanity + spam checks', run: (c) => moderate(profanityAndSpam, c, EMPTY_HISTORY, now++).action !== 'approve' },
    { name: 'engine, all checks', run: (c) => moderate(full, c, EMPTY_HISTORY, now++).action !== 'approve' },
    // Its share of every engine row above: each runs it once per comment.
    { name: 'language detection alone', run: (c) => detectLanguage(c.text, c.language, full.language.detection).code !== 'en' },
    { name: 'bad-words isProfane', run: (c) => filter.isProfane(c.text) || filter.isProfane(c.name) },
    { name: 'obscenity hasMatch', run: (c) => obscenity.hasMatch(c.text) || obscenity.hasMatch(c.name) },
  ];
}

/**
 * Comments per second of CPU time over RUN_MS of CPU time, cycling through
 * the set. CPU time (user + system, every thread of the process, so garbage
 * collection counts) rather than the wall clock: pinned to one core, it is the
 * same figure on a quiet machine, and it does not drop when other work shares
 * the core.
 */
function measure(run, comments) {
  let done = 0;
  let flagged = 0;
  const start = process.cpuUsage();
  const budget = RUN_MS * 1000;
  let elapsed = 0;
  while (elapsed < budget) {
    // Read the clock every 50 comments, so it costs nothing measurable.
    for (let k = 0; k < 50; k++) if (run(comments[(done + k) % comments.length])) flagged++;
    done += 50;
    const used = process.cpuUsage(start);
    elapsed = used.user + used.system;
  }
  return { perSecond: done / (elapsed / 1e6), flagged: flagged / done };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main() {
  const pools = loadPools();
  const { fortyWordComments } = require(path.join(root, 'dist/evaluation/speed'));
  const news = fortyWordComments(path.join(root, 'data/corpora'), COMMENTS).map((text) => ({ site: 'bench', name: 'reader', text }));
  const sets = [
    { mix: 'mixed', words: 40, comments: buildComments(pools, 40, COMMENTS, 40) },
    { mix: 'mixed', words: 300, comments: buildComments(pools, 300, COMMENTS / 4, 300) },
    { mix: 'news', words: 40, comments: news },
  ];
  const list = contenders();
  const results = [];
  for (const set of sets) {
    for (const c of list) measure(c.run, set.comments); // warm-up: JIT and caches
    const samples = new Map(list.map((c) => [c.name, []]));
    const flaggedShare = new Map();
    for (let rep = 0; rep < REPETITIONS; rep++) {
      for (const c of list) {
        const m = measure(c.run, set.comments);
        samples.get(c.name).push(m.perSecond);
        flaggedShare.set(c.name, m.flagged);
      }
    }
    const base = median(samples.get(list[0].name));
    for (const c of list) {
      const med = median(samples.get(c.name));
      results.push({
        mix: set.mix,
        words: set.words,
        contender: c.name,
        medianPerSecond: Math.round(med),
        samples: samples.get(c.name).map(Math.round),
        ratioToProfanityPath: Number((med / base).toFixed(3)),
        flaggedShare: Number(flaggedShare.get(c.name).toFixed(3)),
      });
    }
  }

  console.log(`node ${process.version}, ${REPETITIONS} x ${RUN_MS} ms of CPU time per contender, per CPU-second${quick ? ' (quick)' : ''}`);
  console.log('mix    words  contender                        median/s   ratio  flagged');
  for (const r of results) {
    console.log(
      `${r.mix.padEnd(5)}  ${String(r.words).padStart(5)}  ${r.contender.padEnd(31)} ${String(r.medianPerSecond).padStart(9)}  ${r.ratioToProfanityPath.toFixed(3).padStart(6)}  ${(100 * r.flaggedShare).toFixed(1).padStart(5)} %`,
    );
  }
  const out = path.join(__dirname, 'results/engine.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const meta = { node: process.version, quick, repetitions: REPETITIONS, runMs: RUN_MS, comments40: COMMENTS, comments300: COMMENTS / 4, commentsNews: COMMENTS };
  fs.writeFileSync(out, JSON.stringify({ ...meta, results }, null, 2) + '\n');
  console.log(`written ${path.relative(root, out)}`);
}

// Required as a module (e.g. by a profiling script), it only lends its corpus.
if (require.main === module) main();
else module.exports = { loadPools, buildComments };
