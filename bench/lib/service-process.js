// The service as `npm start` runs it, in a child process of a benchmark, on
// its own embedded database (so it has the database's index, as in
// production), with the database port read from its start-up log.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

/** Starts dist/main.js and resolves once it listens, with its URL and its database's mongodb:// URI. */
async function startService(env) {
  const child = spawn(process.execPath, ['--max-semi-space-size=8', '--max-old-space-size=512', 'dist/main.js'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', MONGODB_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const listening = new Promise((resolve, reject) => {
    const look = (chunk) => {
      log += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      const db = /embedded FerretDB \(SQLite\) on (127\.0\.0\.1:\d+)/.exec(log);
      if (url && db) resolve({ url: url[1], dbUri: `mongodb://${db[1]}/moderation` });
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before listening:\n${log}`)));
  });
  const started = await listening;
  return {
    ...started,
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
