// Tests that spawn the compiled service or the benchmarks need dist/ to match
// src/; build it when it is missing or older than any source file.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }, 0);
}

export function ensureBuilt(): void {
  const built = path.join(REPO_ROOT, 'dist/main.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(path.join(REPO_ROOT, 'src'))) {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
}
