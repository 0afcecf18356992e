// The database for `moderate` commands: MONGODB_URI when set, else the
// embedded database's files under DATA_DIR. Two embedded database processes
// must never open the same files, so while the service runs on the embedded
// database, point the command at it with MONGODB_URI (its port is in the
// service's start-up log).
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { embeddedIndex } from './embedded/index-client';
import { openStore, type Store } from './store';

export async function withCliDatabase<T>(env: NodeJS.ProcessEnv, log: (msg: string) => void, use: (store: Store) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig(env), log);
  try {
    const index = db.embedded ? embeddedIndex({ url: db.embedded.queryUrl, database: db.conn.name }) : undefined;
    return await use(await openStore(db.conn, { index }));
  } finally {
    await db.close();
  }
}
