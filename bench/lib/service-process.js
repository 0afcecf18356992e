// The service as `npm start` runs it, in a child process of a benchmark, on
// its own embedded database (so it has the database's index, as in
// production). Its database's port comes from the record the service keeps in
// DATA_DIR/db/embedded-db.json, so the log level is the benchmark's choice.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const { freePort } = require(path.join(root, 'dist/db/embedded'));

/** Starts dist/main.js and resolves once it answers, with its URL and its database's mongodb:// URI. */
async function startService(env) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--max-semi-space-size=8', '--max-old-space-size=512', 'dist/main.js'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', MONGODB_URI: '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d.toString(); });
  child.stderr.on('data', (d) => { log += d.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before answering:\n${log}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not answer within 180 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const record = JSON.parse(fs.readFileSync(path.join(env.DATA_DIR, 'db', 'embedded-db.json'), 'utf8'));
  return {
    url,
    dbUri: `mongodb://127.0.0.1:${record.port}/moderation`,
    child,
    log: () => log,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

module.exports = { startService };
