// Chooses the database: MONGODB_URI when set, otherwise the embedded FerretDB
// with its data under DATA_DIR/db, so data survives a restart.
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { connectDatabase } from './connect';
import { startEmbeddedDb, type EmbeddedDb } from './embedded';

export interface Database {
  conn: Connection;
  description: string;
  embedded?: EmbeddedDb;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, log: (msg: string) => void): Promise<Database> {
  let embedded: EmbeddedDb | undefined;
  let uri = config.MONGODB_URI;
  let description: string;
  if (uri) {
    description = `MongoDB at ${redactUri(uri)}`;
  } else {
    embedded = await startEmbeddedDb({ dataDir: path.join(config.DATA_DIR, 'db'), log, restartDelayMs: config.EMBEDDED_DB_RESTART_DELAY_MS });
    uri = embedded.uri;
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
