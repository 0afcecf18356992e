// Where a replay reads stored comments: the database at MONGODB_URI through a
// cursor (cursor-database.ts), else the embedded database's files under
// DATA_DIR through the embedded-db reader (embedded-reader.ts), which starts
// no FerretDB and is about 15 times faster than a FerretDB cursor.
import path from 'node:path';
import { loadConfig, type Config } from '../../config';
import type { ReplaySourceComment } from '../../ruleset/replay/run-replay';
import { UsageError, type CliIo } from '../io';
import type { CommentFilter } from './comment-stream';
import { countEmbeddedComments, readEmbeddedCommentBatches } from './embedded-reader';

export interface ReplayDatabase {
  /** Stored comments, oldest first ((createdAt, _id) order), one at a time or in arrays. */
  comments(filter: CommentFilter, opts: { limit?: number; batchSize: number }): AsyncIterable<ReplaySourceComment | ReplaySourceComment[]>;
  count(filter: CommentFilter, limit?: number): Promise<number>;
  close(): Promise<void>;
}

/** The service's own configuration (src/config.ts), a mistake in it reported as a usage error. */
function configOf(io: CliIo): Config {
  try {
    return loadConfig(io.env, io.cwd);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export async function openReplayDatabase(io: CliIo): Promise<ReplayDatabase> {
  const config = configOf(io);
  const uri = config.MONGODB_URI;
  if (!uri) {
    const dataDir = path.join(config.DATA_DIR, 'db');
    const log = (msg: string) => io.stderr.write(`${msg}\n`);
    // Reading the files starts no second FerretDB, so this is safe beside a running service.
    io.stderr.write(`replay: MONGODB_URI is not set; reading the embedded database's files in ${dataDir}.\n`);
    return {
      // No read-ahead needed: the pipe and the reader's buffer already read ahead.
      comments: (filter, opts) => readEmbeddedCommentBatches(dataDir, filter, { limit: opts.limit, log }),
      count: (filter, limit) => countEmbeddedComments(dataDir, filter, limit, log),
      close: async () => {},
    };
  }
  // Loaded only here: mongoose and the driver take a while to load, and the files need neither.
  const { openCursorDatabase } = require('./cursor-database') as typeof import('./cursor-database');
  return openCursorDatabase(uri, config.DB_TIMEOUT_MS);
}
