// The database for `moderate` commands: MONGODB_URI when set, else the
// embedded database's files under DATA_DIR. Two embedded database processes
// must never open the same files, so while the service runs on the embedded
// database, point the command at it with MONGODB_URI (its port is in the
// service's start-up log).
import type { Connection } from 'mongoose';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';

export async function withCliDatabase<T>(env: NodeJS.ProcessEnv, log: (msg: string) => void, use: (conn: Connection) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig(env), log);
  try {
    return await use(db.conn);
  } finally {
    await db.close();
  }
}
