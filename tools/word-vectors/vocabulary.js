#!/usr/bin/env node
// The words the toxicity models can meet in training, one a line, for
// distill.py: every word of the labelled corpora used twice or more, split
// as the classifier's scanner splits them (runs of letters, digits and
// apostrophes, folded to lower case without accents).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '../..');

const counts = new Map();
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (/\.(csv|tsv|txt)$/.test(entry.name) && !/LICENSE|readme/i.test(entry.name)) {
      const text = fs.readFileSync(file, 'utf8').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      for (const raw of text.split(/[^\p{L}\p{N}']+/u)) {
        const w = raw.replace(/^'+|'+$/g, '');
        if (/^\p{L}[\p{L}']*$/u.test(w) && w.length <= 24) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
  }
}
walk(path.join(root, 'data/corpora'));
const words = [...counts].filter(([, n]) => n >= 2).map(([w]) => w).sort();
process.stdout.write(`${words.join('\n')}\n`);
