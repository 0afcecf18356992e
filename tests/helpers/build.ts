// Tests that spawn the compiled service or the benchmarks need dist/ to match
// src/: compiled here when a source changed since the last build, as
// `npm start` does (tools/build-if-stale.js).
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildIfStale } = require('../../tools/build-if-stale') as { buildIfStale: (log?: (msg: string) => void) => number };

export function ensureBuilt(): void {
  const code = buildIfStale();
  if (code !== 0) throw new Error(`compiling the TypeScript failed (tsc exit code ${code})`);
}
