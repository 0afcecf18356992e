// Builds the embedded database (FerretDB over SQLite, see tools/embedded-db)
// with the machine's Go toolchain, once, into a cache keyed by the Go sources,
// so a changed go.mod or Go file rebuilds and an unchanged one starts at once.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_DIR = path.join(REPO_ROOT, 'tools', 'embedded-db');

/** Every file the build reads: go.mod, go.sum and each .go file (not only main.go: a changed idindex.go must rebuild too). */
function sourceFiles(): string[] {
  return readdirSync(SOURCE_DIR).filter((f) => f === 'go.mod' || f === 'go.sum' || (f.endsWith('.go') && !f.endsWith('_test.go'))).sort();
}

export function embeddedBinaryPath(cacheDir = path.join(REPO_ROOT, '.cache', 'embedded-db')): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) hash.update(`${file}\0`).update(readFileSync(path.join(SOURCE_DIR, file)));
  return path.join(cacheDir, hash.digest('hex').slice(0, 16), 'embedded-db');
}

/** Returns the path of a built embedded-db binary, building it first when needed. */
export async function ensureEmbeddedBinary(log: (msg: string) => void = () => {}): Promise<string> {
  const binary = embeddedBinaryPath();
  if (existsSync(binary)) return binary;
  mkdirSync(path.dirname(binary), { recursive: true });
  log(`building the embedded database (FerretDB) with Go into ${path.dirname(binary)}; the first build takes a minute or two`);
  // Build to a private name, then rename: a concurrent builder never sees half a binary.
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await run('go', ['build', '-trimpath', '-o', partial, '.'], {
      cwd: SOURCE_DIR,
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('the embedded database needs Go (1.24+) on PATH to build; install Go or set MONGODB_URI');
    }
    throw new Error(`building the embedded database failed:\n${e.stderr ?? String(err)}`);
  }
  renameSync(partial, binary);
  return binary;
}
