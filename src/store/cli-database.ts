// The database for `moderate` commands: MONGODB_URI when set, else the
// embedded database under DATA_DIR: the one a running service runs there
// (two FerretDB processes must never open the same files), or one started
// for the command.
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { embeddedIndex } from './embedded/index-client';
import { openStore, type Store } from './store';

export async function withCliDatabase<T>(env: NodeJS.ProcessEnv, log: (msg: string) => void, use: (store: Store) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig(env), log, { shareRunning: true });
  try {
    const index = db.queryUrl ? embeddedIndex({ url: db.queryUrl, database: db.conn.name }) : undefined;
    return await use(await openStore(db.conn, { index }));
  } finally {
    await db.close();
  }
}
