#!/usr/bin/env node
// Compiles the TypeScript only when a source changed since the last build:
// `npm start` and `moderate` call it, so an unchanged checkout starts at once
// and a changed one says that it is compiling (tsc is incremental, so even
// then only what changed is checked again). `--force` always compiles
// (`npm run build`). Exit code: tsc's.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// Holds the newest source time the last build saw.
const stamp = path.join(root, 'dist', '.build-stamp');

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const newestSource = () =>
  Math.max(newestIn(path.join(root, 'src')), ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs));

/** Why a build is needed, or null. */
function staleness(newest) {
  let seen;
  try {
    seen = Number(fs.readFileSync(stamp, 'utf8'));
  } catch {
    return 'no build yet';
  }
  return newest > seen ? 'sources changed since the last build' : null;
}

/** Builds when needed (always with force); returns tsc's exit code (0 when nothing was needed). */
function buildIfStale({ force = false, log = (msg) => process.stderr.write(`${msg}\n`) } = {}) {
  // An installed image carries dist/ and no sources: nothing to compile.
  if (!fs.existsSync(path.join(root, 'src'))) return 0;
  const newest = newestSource();
  const why = force ? null : staleness(newest);
  if (!force && !why) return 0;
  if (why) log(`compiling the TypeScript sources (${why})…`);
  const started = Date.now();
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const res = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) return res.status ?? 1;
  fs.writeFileSync(stamp, String(newest));
  if (why) log(`compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

module.exports = { buildIfStale };

if (require.main === module) process.exit(buildIfStale({ force: process.argv.includes('--force') }));
