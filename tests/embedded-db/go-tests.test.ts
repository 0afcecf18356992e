// The embedded database's own Go tests (tools/embedded-db: its indexes, the
// queries it answers beside FerretDB and the replay export), run with the
// suite so a change to either side is caught by `npm test`. Built with the
// same flags as the binary, so Go's build cache serves the dependencies.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE_DIR = path.resolve(__dirname, '../../tools/embedded-db');

const describeEmbedded = process.env.MONGODB_URI ? describe.skip : describe;
if (process.env.MONGODB_URI) console.info('embedded-db Go tests skipped: MONGODB_URI is set, so no embedded database is built');

describeEmbedded('the embedded database (Go)', () => {
  it('passes its Go tests', async () => {
    const { stdout } = await run('go', ['test', '-trimpath', '-count=1', './...'], {
      cwd: SOURCE_DIR,
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { stdout?: string; stderr?: string }) => {
      throw new Error(`go test failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    });
    expect(stdout).toMatch(/^ok\s+moderation\/embedded-db/m);
  }, 300_000);
});
