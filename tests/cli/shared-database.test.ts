// A `moderate` command run while a service runs on the embedded database
// uses that service's database instead of starting a second FerretDB on the
// same files, and a second service refuses to start on them.
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main';
import { DataDirInUse } from '../../src/db/embedded-lock';
import { startTestService } from '../helpers/service';

const describeEmbedded = process.env.MONGODB_URI ? describe.skip : describe;
if (process.env.MONGODB_URI) console.info('shared embedded database tests skipped: MONGODB_URI is set');

async function moderate(env: NodeJS.ProcessEnv, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, done) { append(String(chunk)); done(); } });
  const code = await runCli(argv, { stdin: Readable.from([]), stdout: sink((s) => { stdout += s; }), stderr: sink((s) => { stderr += s; }), env, cwd: process.cwd() });
  return { code, stdout, stderr };
}

describeEmbedded('the embedded database of a running service', () => {
  it('is used by a command on the same DATA_DIR, and refused to a second service', async () => {
    const svc = await startTestService();
    try {
      const dbPid = svc.db.embedded!.pid();
      const added = await moderate({ DATA_DIR: svc.dataDir, LOG_LEVEL: 'silent' }, 'keys', 'add', 'erin', '--role', 'viewer');
      expect(added.code).toBe(0);
      expect(added.stderr).toMatch(/using the embedded database the service \(pid \d+\) runs on/);
      // The key is in the service's own database: it works there at once.
      const me = await fetch(`${svc.url}/v1/moderation/me`, { headers: { Authorization: `Bearer ${added.stdout.trim()}` } });
      expect(me.status).toBe(200);
      // The service's database process is the one that served it, still running.
      expect(svc.db.embedded!.pid()).toBe(dbPid);
      await expect(startTestService({}, svc.dataDir)).rejects.toThrow(DataDirInUse);
    } finally {
      await svc.stop();
    }
  });
});
