// Chooses the database: MONGODB_URI when set, otherwise the embedded FerretDB
// with its data under DATA_DIR/db, so data survives a restart.
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { connectDatabase } from './connect';
import { startEmbeddedDb, type EmbeddedDb } from './embedded';
import { runningOn } from './embedded-lock';

export interface Database {
  conn: Connection;
  description: string;
  /** The embedded database this process runs (its query server's address, its process). */
  embedded?: EmbeddedDb;
  /** Where the embedded database's index answers, when it runs here or in the service this command shares it with. */
  queryUrl?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * A command (`moderate keys`, `sites`, …) uses the embedded database a
   * running service already runs on DATA_DIR rather than start a second
   * FerretDB on the same files; the service itself refuses to start there.
   */
  shareRunning?: boolean;
}

export async function openDatabase(config: Config, log: (msg: string) => void, opts: OpenOptions = {}): Promise<Database> {
  let embedded: EmbeddedDb | undefined;
  let uri = config.MONGODB_URI;
  let description: string;
  let queryUrl: string | undefined;
  const dataDir = path.join(config.DATA_DIR, 'db');
  const running = uri || !opts.shareRunning ? null : runningOn(dataDir);
  if (uri) {
    description = `MongoDB at ${redactUri(uri)}`;
  } else if (running) {
    uri = `mongodb://127.0.0.1:${running.port}/moderation`;
    queryUrl = `http://127.0.0.1:${running.queryPort}`;
    description = `the embedded database the service (pid ${running.pid}) runs on ${dataDir}`;
    log(`using ${description}`);
  } else {
    embedded = await startEmbeddedDb({ dataDir, log, restartDelayMs: config.EMBEDDED_DB_RESTART_DELAY_MS });
    uri = embedded.uri;
    queryUrl = embedded.queryUrl;
    description = `embedded FerretDB (SQLite) on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`;
  }
  try {
    const conn = await connectDatabase({
      uri,
      timeoutMs: config.DB_TIMEOUT_MS,
      writeConcern: config.WRITE_CONCERN,
      journal: config.WRITE_JOURNAL,
    });
    return {
      conn,
      description,
      embedded,
      queryUrl,
      close: async () => {
        await conn.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/** Hides the password of a connection string before it is logged. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
