#!/usr/bin/env node
// The `moderate` command. It runs the compiled TypeScript, compiling it first
// (and saying so) when a source changed since the last build.
const { buildIfStale } = require('../tools/build-if-stale');

const code = buildIfStale();
if (code !== 0) process.exit(code);
require('../dist/cli/main.js').main();
