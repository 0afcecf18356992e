// Who runs the embedded database on a data directory. Two FerretDB processes
// must never open the same SQLite files, so the process that starts one
// records itself in DATA_DIR/db/embedded-db.json, created exclusively: a
// second service refuses to start there, and a `moderate` command uses the
// running database instead of starting its own. A record whose process is
// gone (a crash) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface RunningEmbeddedDb {
  /** The process that started the database (a service or a command), not the database's own. */
  pid: number;
  port: number;
  queryPort: number;
}

const FILE = 'embedded-db.json';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function read(dataDir: string): RunningEmbeddedDb | null {
  try {
    const parsed = JSON.parse(readFileSync(path.join(dataDir, FILE), 'utf8')) as RunningEmbeddedDb;
    return Number.isInteger(parsed.pid) && Number.isInteger(parsed.port) && Number.isInteger(parsed.queryPort) ? parsed : null;
  } catch {
    return null;
  }
}

/** The database a live process (possibly this one) runs on this data directory, if any. */
export function runningOn(dataDir: string): RunningEmbeddedDb | null {
  const found = read(dataDir);
  return found && alive(found.pid) ? found : null;
}

export class DataDirInUse extends Error {
  override name = 'DataDirInUse';
  constructor(readonly dataDir: string, readonly running: RunningEmbeddedDb) {
    super(`another process (pid ${running.pid}) runs the embedded database on ${dataDir}; stop it first, or point this one at it with MONGODB_URI=mongodb://127.0.0.1:${running.port}/moderation`);
  }
}

/** Records this process as running the database on the data directory; answers how to release it. */
export function claimDataDir(dataDir: string, ports: { port: number; queryPort: number }): () => void {
  const file = path.join(dataDir, FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, ...ports }));
      closeSync(fd);
      return () => {
        if (read(dataDir)?.pid === process.pid) unlinkSync(file);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = read(dataDir);
      if (holder && alive(holder.pid)) throw new DataDirInUse(dataDir, holder);
      // Left by a process that is gone (or half-written): take it over.
      try { unlinkSync(file); } catch { /* someone else just did */ }
    }
  }
  throw new Error(`could not record this process in ${file}`);
}
