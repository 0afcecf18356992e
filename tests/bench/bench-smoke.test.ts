// The benchmarks are not part of the tests; this only proves each one starts
// on a tiny input and writes well-formed results.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');
const results = (name: string) => JSON.parse(readFileSync(path.join(root, 'bench/results', `${name}.json`), 'utf8'));

beforeAll(() => {
  // The benchmarks run the compiled service; build it when missing or older than the sources.
  const built = path.join(root, 'dist/main.js');
  const newest = (dir: string): number =>
    require('node:fs').readdirSync(dir, { withFileTypes: true }).reduce((max: number, e: { name: string; isDirectory(): boolean }) => {
      const full = path.join(dir, e.name);
      return Math.max(max, e.isDirectory() ? newest(full) : statSync(full).mtimeMs);
    }, 0);
  if (!existsSync(built) || statSync(built).mtimeMs < newest(path.join(root, 'src'))) {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  }
});

it('npm run bench -- --smoke runs every benchmark and writes a summary', () => {
  const started = Date.now();
  execFileSync(process.execPath, [path.join(root, 'bench/run.js'), '--smoke'], { cwd: root, stdio: 'pipe' });
  const summary = results('summary');
  expect(new Date(summary.date).getTime()).toBeGreaterThanOrEqual(started - 1000);
  expect(summary.failures).toEqual([]);
  expect(summary.engine40.allChecks).toBeGreaterThan(0);
  expect(summary.engine40.badWords).toBeGreaterThan(0);
  expect(summary.http.serviceReqPerSec).toBeGreaterThan(0);
  expect(summary.http.ratio).toBeGreaterThan(0);
  expect(summary.replay.perSecond).toBeGreaterThan(0);
  const http = results('http');
  expect(http.empty.service.errors).toBe(0);
  expect(http.database).toMatch(/FerretDB|MongoDB/);
});
