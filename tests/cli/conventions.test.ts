// What a shell user expects of `moderate`: each command's --help, quiet ends
// when the output is piped into a reader that stops early, an empty list that
// says so, and a new key that is never active unless it was shown.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main';
import { digestKey } from '../../src/access/key-ring';
import { moderatorKeyModel } from '../../src/store/moderator-key-model';
import { ensureBuilt } from '../helpers/build';
import { closeTestDatabase, joinTestDatabase, openTestDatabase, testDatabaseUri } from '../helpers/db';

const REPO = path.resolve(__dirname, '../..');
const NAME = 'cli_conventions';

async function moderate(argv: string[], stdout?: Writable): Promise<{ code: number; stdout: string; stderr: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, done) { append(String(chunk)); done(); } });
  const code = await runCli(argv, {
    stdin: Readable.from([]),
    stdout: stdout ?? sink((s) => { out += s; }),
    stderr: sink((s) => { err += s; }),
    env: { MONGODB_URI: testDatabaseUri(NAME), LOG_LEVEL: 'silent' },
    cwd: process.cwd(),
  });
  return { code, stdout: out, stderr: err };
}

describe('moderate command conventions', () => {
  beforeAll(async () => { await (await openTestDatabase(NAME)).close(); });
  afterAll(async () => {
    await closeTestDatabase(await joinTestDatabase(NAME));
  });

  it.each(['check', 'eval', 'train', 'replay', 'keys', 'sites', 'repair', 'feedback'])('%s --help prints its usage and exits 0', async (command) => {
    const res = await moderate([command, '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`^usage: moderate ${command}`));
    expect(res.stderr).toBe('');
  });

  it('keys list says when there are none', async () => {
    const res = await moderate(['keys', 'list']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/no moderator keys/);
  });

  it('stores no key whose one showing failed', async () => {
    const broken = new Writable({ write(_chunk, _enc, done) { done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })); } });
    broken.on('error', () => {});
    await expect(moderate(['keys', 'add', 'lost', '--role', 'viewer'], broken)).rejects.toThrow(/EPIPE/);
    const listed = await moderate(['keys', 'list']);
    expect(listed.stdout).not.toContain('lost');
  });

  it('shows a key once and then stores it, sites separated by commas', async () => {
    const res = await moderate(['keys', 'add', 'erin', '--role', 'moderator', '--sites', 'news1,news2']);
    expect(res.code).toBe(0);
    const conn = await joinTestDatabase(NAME);
    try {
      expect(await moderatorKeyModel(conn).findById(digestKey(res.stdout.trim())).lean()).toMatchObject({ name: 'erin', sites: ['news1', 'news2'] });
    } finally {
      await conn.close();
    }
  });

  it('ends quietly, exit 0, when its reader stops early (| head -1)', async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [path.join(REPO, 'bin/moderate.js'), 'check'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // Enough comments that the answers outrun the pipe once nobody reads them.
      child.stdin.end(Array.from({ length: 3000 }, (_, i) => JSON.stringify({ name: 'Ann', text: `Comment number ${i} about the council budget` })).join('\n'));
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
