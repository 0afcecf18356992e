// The database a replay reads: MONGODB_URI, else the embedded FerretDB on
// DATA_DIR. Its own connection settings, not the service's: the service
// fails fast (a request must not hang), but a replay's first batch may be
// long in coming — FerretDB v1 sorts by reading every matching comment
// before it returns the first one — so reads have no socket timeout, while
// an unreachable server is still reported after DB_TIMEOUT_MS.
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { redactUri } from '../../db/database';
import { startEmbeddedDb, type EmbeddedDb } from '../../db/embedded';
import { UsageError, type CliIo } from '../io';

export interface ReplayDatabase {
  conn: Connection;
  close(): Promise<void>;
}

function timeoutFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.DB_TIMEOUT_MS;
  if (raw === undefined) return 5000;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`DB_TIMEOUT_MS must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

export async function openReplayDatabase(io: CliIo): Promise<ReplayDatabase> {
  const timeoutMs = timeoutFrom(io.env);
  let embedded: EmbeddedDb | undefined;
  let uri = io.env.MONGODB_URI;
  try {
    if (!uri) {
      const dataDir = path.join(path.resolve(io.cwd, io.env.DATA_DIR ?? 'data'), 'db');
      io.stderr.write(`replay: MONGODB_URI is not set; starting the embedded database on ${dataDir}.\n` +
        'replay: if the service is running on this DATA_DIR, stop it or set MONGODB_URI to its database instead.\n');
      embedded = await startEmbeddedDb({ dataDir, supervise: false, log: (msg) => io.stderr.write(`${msg}\n`) });
      uri = embedded.uri;
    }
    const conn = mongoose.createConnection(uri, {
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: 0,
      maxPoolSize: 2,
    });
    await conn.asPromise();
    return {
      conn,
      close: async () => {
        await conn.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot open the database${uri ? ` at ${redactUri(uri)}` : ''}: ${(err as Error).message}`);
  }
}
