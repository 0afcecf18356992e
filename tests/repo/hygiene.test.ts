// What must never be committed or sent to `docker build`: development keys and
// secrets the service writes under data/, dependencies, builds, caches and the
// embedded database's files.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const ignoredByGit = (file: string) => {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', file], { cwd: REPO });
    return true;
  } catch {
    return false;
  }
};

describe('repository hygiene', () => {
  it.each(['data/dev-site-key', 'data/dev-moderator-key', 'data/db/moderation.sqlite', 'node_modules/x', 'dist/main.js', '.cache/embedded-db/x'])('git ignores %s', (file) => {
    expect(ignoredByGit(file)).toBe(true);
  });

  it('keeps the docker build context to what the image is built from', () => {
    const ignored = readFileSync(path.join(REPO, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', '.cache', 'data/db', 'dist', '.git']) expect(ignored).toContain(entry);
    expect(ignored.some((l) => l.startsWith('data/dev-'))).toBe(true);
  });
});
