#!/usr/bin/env node
// The language detectors compared before choosing one: right answers on the
// short sentences of data/languages (12 each in 8 languages) and CPU time per
// 40-word comment (SMS ham windows), on the first 100 characters and on the
// whole comment. Run `npm run build` first. tinyld and franc-min are not
// dependencies: install them elsewhere and point NODE_PATH there to include them
// (`npm install --prefix /tmp/ld tinyld franc-min`, NODE_PATH=/tmp/ld/node_modules).
//
//   taskset -c 1 node bench/language-detectors.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..');
const { eld } = require(path.join(root, 'dist/moderation/language/eld-library'));
const { detectLanguage } = require(path.join(root, 'dist/moderation/language/detect'));

const sentences = fs.readFileSync(path.join(root, 'data/languages/short-sentences.tsv'), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const sms = fs.readFileSync(path.join(root, 'data/corpora/sms-spam/SMSSpamCollection.tsv'), 'utf8')
  .split('\n').map((l) => l.split('\t')[1]).filter(Boolean);
const comments = [];
for (let i = 0; i < 300; i++) comments.push(sms.slice(i, i + 5).join(' ').split(/\s+/).slice(0, 40).join(' '));

const EIGHT = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'pl'];
const ISO3 = { eng: 'en', deu: 'de', fra: 'fr', spa: 'es', por: 'pt', ita: 'it', nld: 'nl', pol: 'pl' };

/** Microseconds of CPU time per call, over about half a second. */
function cost(detect, cut) {
  for (let i = 0; i < 200; i++) detect(comments[i % comments.length].slice(0, cut));
  let n = 0;
  let used = 0;
  const start = process.cpuUsage();
  while (used < 500_000) {
    for (let k = 0; k < 20; k++) detect(comments[(n + k) % comments.length].slice(0, cut));
    n += 20;
    const u = process.cpuUsage(start);
    used = u.user + u.system;
  }
  return used / n;
}

async function detectors() {
  const list = [
    { name: 'eld 2.1 small (chosen)', detect: (t) => eld().detect(t).language },
    { name: 'engine detectLanguage (eld, 64 chars)', detect: (t) => detectLanguage(t, undefined).code },
  ];
  try {
    const tinyld = require('tinyld');
    list.push({ name: 'tinyld, only the 8', detect: (t) => tinyld.detect(t, { only: EIGHT }) });
  } catch { console.log('tinyld not installed: skipped'); }
  try {
    // An ES module: import() does not read NODE_PATH, so resolve it first.
    const { franc } = await import(pathToFileURL(require.resolve('franc-min', { paths: [root, ...(process.env.NODE_PATH ?? '').split(':')] })).href);
    list.push({ name: 'franc-min, only the 8', detect: (t) => ISO3[franc(t, { only: Object.keys(ISO3), minLength: 3 })] ?? 'und' });
  } catch { console.log('franc-min not installed: skipped'); }
  return list;
}

async function main() {
  console.log(`node ${process.version}; µs = CPU microseconds per 40-word comment`);
  console.log('detector                                  right   unknown  wrong   µs@100  µs@all');
  for (const d of await detectors()) {
    let right = 0, unknown = 0, wrong = 0;
    for (const [code, text] of sentences) {
      const got = d.detect(text);
      if (got === code) right++;
      else if (got === 'unknown' || got === 'und' || got === '') unknown++;
      else wrong++;
    }
    const n = sentences.length;
    console.log(`${d.name.padEnd(40)} ${String(right).padStart(3)}/${n}  ${String(unknown).padStart(5)}  ${String(wrong).padStart(5)}  ${cost(d.detect, 100).toFixed(1).padStart(7)}  ${cost(d.detect, 100_000).toFixed(1).padStart(6)}`);
  }
}

main();
