// `npm start` and `moderate` compile only when a source changed, and say so
// (tools/build-if-stale.js), tried on a small project of its own so the
// repository's dist/ is never rebuilt under the other tests' feet.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'build-if-stale-'));
  mkdirSync(path.join(dir, 'tools'));
  mkdirSync(path.join(dir, 'src'));
  copyFileSync(path.join(REPO, 'tools/build-if-stale.js'), path.join(dir, 'tools/build-if-stale.js'));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'package-lock.json'), '{}\n');
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: [] } }));
  writeFileSync(path.join(dir, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { rootDir: 'src', outDir: 'dist', incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' }, include: ['src'] }));
  writeFileSync(path.join(dir, 'src/main.ts'), 'export const answer: number = 42;\n');
  return dir;
}

/** Runs the script as npm start does; answers what it told the user (on stderr). */
function said(dir: string): string {
  const res = spawnSync(process.execPath, ['tools/build-if-stale.js'], { cwd: dir, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`exit ${res.status}: ${res.stderr}${res.stdout}`);
  return res.stderr;
}

describe('tools/build-if-stale.js', () => {
  it('compiles the first time and says why, then not again until a source changes', () => {
    const dir = project();
    expect(said(dir)).toMatch(/^compiling the TypeScript sources \(no build yet\)…\ncompiled in [\d.]+ s\n$/);
    expect(existsSync(path.join(dir, 'dist/main.js'))).toBe(true);
    expect(said(dir)).toBe('');
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, 'src/main.ts'), later, later);
    expect(said(dir)).toMatch(/compiling the TypeScript sources \(sources changed since the last build\)/);
    expect(said(dir)).toBe('');
  });

  it('fails with the compiler\'s exit code when the sources do not compile', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'src/main.ts'), 'export const answer: number = "forty-two";\n');
    expect(() => execFileSync(process.execPath, ['tools/build-if-stale.js'], { cwd: dir, stdio: 'pipe' })).toThrow();
    expect(existsSync(path.join(dir, 'dist/.build-stamp'))).toBe(false);
  });
});
