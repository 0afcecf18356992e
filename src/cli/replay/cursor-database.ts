// The replay's cursor over the database at MONGODB_URI (see replay-database.ts).
// Its own connection settings, not the service's: the service fails fast (a
// request must not hang), but a replay's first batch may be long in coming —
// FerretDB v1 sorts by reading every matching comment before it returns the
// first one — so reads have no socket timeout, while an unreachable server is
// still reported after DB_TIMEOUT_MS.
import mongoose, { type Connection } from 'mongoose';
import { redactUri } from '../../db/database';
import { UsageError } from '../io';
import { countComments, streamComments } from './comment-stream';
import { readAhead } from './read-ahead';
import type { ReplayDatabase } from './replay-database';

export async function openCursorDatabase(uri: string, timeoutMs: number): Promise<ReplayDatabase> {
  try {
    const conn: Connection = mongoose.createConnection(uri, {
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
      comments: (filter, opts) => readAhead(streamComments(conn, filter, opts), { maxBuffered: 2 * opts.batchSize }),
      count: (filter, limit) => countComments(conn, filter, limit),
      close: () => conn.close(),
    };
  } catch (err) {
    throw new UsageError(`cannot open the database at ${redactUri(uri)}: ${(err as Error).message}`);
  }
}
