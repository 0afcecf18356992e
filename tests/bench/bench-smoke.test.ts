// The benchmarks are not part of the tests; this only proves each one starts
// on a tiny input and writes well-formed results.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, REPO_ROOT } from '../helpers/build';

jest.setTimeout(180_000);

const root = REPO_ROOT;
const results = (name: string) => JSON.parse(readFileSync(path.join(root, 'bench/results', `${name}.json`), 'utf8'));

beforeAll(ensureBuilt);

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
  expect(summary.moderationQueue.stored).toBeGreaterThan(0);
  expect(summary.moderationQueue.queueMs).toBeGreaterThan(0);
  expect(summary.moderationQueue.statsThroughQueriesMs).toBeGreaterThan(0);
  expect(summary.adversarial.slowestMs).toBeGreaterThan(0);
  const http = results('http');
  expect(http.empty.service.errors).toBe(0);
  expect(http.database).toMatch(/FerretDB|MongoDB/);
});
