#!/usr/bin/env node
// Writes rules/models/language-ngrams.json: eld's n-gram database (the
// package pinned in package.json) in the compact form the service loads
// (src/moderation/language/ngram-file.ts). Run after `npm run build` when the
// eld version changes; tests/unit/languages/ngram-file.test.ts fails until then.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const { eldDatabase } = require(path.join(root, 'dist/moderation/language/eld-library.js'));
const { compactNgrams, NGRAM_FILE } = require(path.join(root, 'dist/moderation/language/ngram-file.js'));

const version = require(path.join(root, 'node_modules/eld/package.json')).version;
const file = compactNgrams(eldDatabase(), `eld ${version}, src/ngrams/small.js (Apache-2.0, Copyright 2023 Nito T.M.)`);
fs.writeFileSync(NGRAM_FILE, `${JSON.stringify(file)}\n`);
console.log(`wrote ${path.relative(root, NGRAM_FILE)}: ${file.ngrams.length} n-grams, ${file.languages.length} languages`);
