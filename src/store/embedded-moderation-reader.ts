// The moderation queue's and stats' queries on the embedded database,
// answered by the embedded-db binary straight from FerretDB's SQLite file
// (tools/embedded-db/moderation.go) instead of through FerretDB, which scans
// and decodes every stored comment for them (at 100,000 comments, 6.6 s for
// a queue page against 67 ms this way; bench/moderation-queue.js). Only ids
// and counts come back: the queue's comments are then read through FerretDB
// by _id, which it looks up by index. The webhook worker's poll for due
// deliveries, once a second, goes the same way (1.2 s a poll through FerretDB
// at 20,000 stored deliveries, 10 ms this way), and so does a site's
// delivery log.
import { execFile } from 'node:child_process';
import { ensureEmbeddedBinary } from '../db/embedded-build';

export interface QueueIdsQuery {
  /** Only these sites; null for every site. */
  sites: readonly string[] | null;
  status: 'hold' | 'reject' | 'approve';
  /** Only comments created at or before this time. */
  before: Date;
  /** Only comments strictly after this (createdAt, _id) position. */
  after: { createdAt: Date; id: string } | null;
  /** Only comments with a `rules` entry ("check:rule") equal to, starting with or ending with this. */
  rule: { exact: string } | { prefix: string } | { suffix: string } | null;
  limit: number;
}

export interface StatusCount {
  site: string;
  status: string;
  n: number;
}

/** A delivery the webhook worker may claim. */
export interface DueDelivery {
  _id: string;
  attempts: number;
}

/** Where the moderation API's queue, stats and delivery log come from when not from a MongoDB query. */
export interface ModerationIndex {
  /** Ids of the matching comments in (createdAt, _id) order, at most `limit`. */
  queueIds(query: QueueIdsQuery): Promise<string[]>;
  /** Comments per (site, status), for these sites (null: every site). */
  statusCounts(sites: readonly string[] | null): Promise<StatusCount[]>;
  /** Ids of a site's webhook deliveries, newest first, in one state when given, at most `limit`. */
  deliveryLog(site: string, state: string | undefined, limit: number): Promise<string[]>;
}

/** The embedded database's reader: the moderation index, and the webhook worker's due scan. */
export interface EmbeddedIndexReader extends ModerationIndex {
  /** Pending deliveries whose next attempt is at or before `now`, earliest first, at most `limit`. */
  dueDeliveries(now: Date, limit: number): Promise<DueDelivery[]>;
}

export class EmbeddedQueryError extends Error {
  override name = 'EmbeddedQueryError';
}

// A query reads an index; anything this slow means the database file is
// locked or the machine is stuck, and the moderator gets a 503 to retry.
const QUERY_TIMEOUT_MS = 15_000;

export function embeddedModerationReader(opts: { dataDir: string; database: string; log?: (msg: string) => void }): EmbeddedIndexReader {
  // Found (hashing the Go sources) once, not on every poll; looked for again after a failure.
  let found: Promise<string> | null = null;
  const binaryPath = (): Promise<string> => {
    found ??= ensureEmbeddedBinary(opts.log).catch((err: Error) => {
      found = null;
      throw new EmbeddedQueryError(err.message);
    });
    return found;
  };
  const run = async (query: object, collection = 'comments'): Promise<unknown[]> => {
    const binary = await binaryPath();
    // name=value, so no value is ever taken for a flag.
    const args = [`-data-dir=${opts.dataDir}`, `-database=${opts.database}`, `-collection=${collection}`, `-moderation-query=${JSON.stringify(query)}`];
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(binary, args, { timeout: QUERY_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, out, stderr) => {
        if (err) {
          // The binary went away (a cleared cache): look for, or build, it again next time.
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') found = null;
          reject(new EmbeddedQueryError(stderr.trim() || err.message));
        }
        else resolve(out);
      });
    });
    return stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
  };
  return {
    async queueIds(q) {
      const rule = q.rule === null ? {} : 'exact' in q.rule ? { ruleExact: q.rule.exact } : 'prefix' in q.rule ? { rulePrefix: q.rule.prefix } : { ruleSuffix: q.rule.suffix };
      const lines = await run({
        op: 'queue',
        sites: q.sites,
        status: q.status,
        beforeMs: q.before.getTime(),
        after: q.after ? { ms: q.after.createdAt.getTime(), id: q.after.id } : null,
        limit: q.limit,
        ...rule,
      });
      return lines as string[];
    },
    async statusCounts(sites) {
      return (await run({ op: 'stats', sites })) as StatusCount[];
    },
    async deliveryLog(site, state, limit) {
      return (await run({ op: 'log', site, state: state ?? '', limit }, 'deliveries')) as string[];
    },
    async dueDeliveries(now, limit) {
      return (await run({ op: 'due', beforeMs: now.getTime(), limit }, 'deliveries')) as DueDelivery[];
    },
  };
}
