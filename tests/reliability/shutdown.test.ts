// Graceful shutdown and restarts: in-flight requests finish, acknowledged
// comments survive a restart of the embedded database, and a stopped or
// killed service leaves no database process behind.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commentModel } from '../../src/store/comment-model';
import { ensureBuilt } from '../helpers/build';
import { postComment, SITE_KEY, startTestService } from '../helpers/service';

jest.setTimeout(120_000);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('graceful shutdown', () => {
  it('finishes in-flight requests, and what was acknowledged survives a restart', async () => {
    const svc = await startTestService();
    const inFlight = Array.from({ length: 40 }, (_, i) =>
      postComment(svc.url, { name: `Reader ${i}`, text: `In-flight comment ${i}`, externalId: `inflight-${i}` }),
    );
    // Stop once the first answer is in, whatever the machine's speed: the rest are in flight or not yet sent.
    await Promise.any(inFlight);
    const dbPid = svc.db.embedded!.pid()!;
    await svc.stop();
    const answers = await Promise.allSettled(inFlight);
    expect(alive(dbPid)).toBe(false);

    const acknowledged = answers.flatMap((a) => (a.status === 'fulfilled' && a.value.status === 201 ? [a.value.body.id as string] : []));
    const failed = answers.filter((a) => a.status === 'fulfilled' && a.value.status >= 500);
    expect(failed).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);

    // Same data directory, new service and database process: every acknowledged comment is there.
    const again = await startTestService({}, svc.dataDir);
    try {
      const found = await commentModel(again.db.conn).countDocuments({ _id: { $in: acknowledged } });
      expect(found).toBe(acknowledged.length);
    } finally {
      await again.stop();
    }
  });
});

describe('the service process', () => {
  const root = path.resolve(__dirname, '../..');
  const mainJs = path.join(root, 'dist/main.js');

  // Spawning the real process needs the compiled service.
  beforeAll(ensureBuilt);
  // Whatever a test's assertions do, no process it started outlives it.
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  async function startProcess() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'moderation-proc-'));
    const child = spawn(process.execPath, [mainJs], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SITE_KEYS: `news1:${SITE_KEY}`, LOG_LEVEL: 'info', MONGODB_URI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const listening = await waitUntil(() => /listening on http:\/\/127\.0\.0\.1:(\d+)/.test(log), 60_000);
    if (!listening) throw new Error(`service did not start:\n${log}`);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log)![1]);
    const dbPids = execFileSync('pgrep', ['-P', String(child.pid)]).toString().trim().split('\n').map(Number);
    return { child, port, dbPids, log: () => log };
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('leaves no database process behind on %s', async (signal) => {
    const { child, port, dbPids } = await startProcess();
    expect(dbPids.length).toBe(1);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(await waitUntil(() => !alive(dbPids[0]!), 5000)).toBe(true);
  });

  it('leaves no database process behind even when SIGKILLed', async () => {
    const { child, dbPids } = await startProcess();
    child.kill('SIGKILL');
    // The database watches its stdin: the pipe closes with the service and it exits by itself.
    expect(await waitUntil(() => !alive(dbPids[0]!), 10_000)).toBe(true);
  });

  it('stops at start-up with the file and field of a broken rule file', () => {
    const rulesDir = mkdtempSync(path.join(os.tmpdir(), 'broken-rules-'));
    try {
      writeFileSync(path.join(rulesDir, 'default.yaml'), 'checks:\n  validity:\n    maxLength: nope\n');
      let output = '';
      try {
        execFileSync(process.execPath, [mainJs], { cwd: root, env: { ...process.env, RULES_DIR: rulesDir, PORT: '0' }, stdio: 'pipe' });
      } catch (err) {
        output = String((err as { stderr: Buffer }).stderr);
      }
      expect(output).toContain('invalid rules');
      expect(output).toContain('checks.validity.maxLength');
      expect(readFileSync(path.join(rulesDir, 'default.yaml'), 'utf8')).toContain('nope');
    } finally {
      rmSync(rulesDir, { recursive: true, force: true });
    }
  });
});
