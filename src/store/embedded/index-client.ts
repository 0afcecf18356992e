// The embedded database's index: the queries FerretDB v1 would answer by
// decoding every stored document (it pushes only a lone `_id` equality down
// to SQLite), answered instead by the embedded-db process itself from SQLite
// indexes it keeps (tools/embedded-db: indexes.go, queries.go). The process
// serves them over HTTP on a loopback port beside the database's own, so a
// query costs a request on a kept-alive connection, never a new process.
//
// Ids and counts come back, and documents by id read straight from SQLite
// (sjson.ts decodes them): FerretDB decodes and re-encodes each document it
// reads in Go, which made a queue page of 50 comments cost 50 round trips of
// its CPU.
import http from 'node:http';
import { decodeDocument } from './sjson';

/** What the moderation queue asks for one page. */
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

/** Which documents the retention job is to handle: created before `before`, in or out of some sites. */
export interface ExpiredQuery {
  collection: 'comments' | 'deliveries' | 'feedback' | 'history_events';
  before: Date;
  /** Only these sites (null: every site), and never these. */
  sites: readonly string[] | null;
  excludeSites: readonly string[];
  /** Comments only: those not anonymised yet. */
  notAnonymised?: boolean;
  limit: number;
}

/** The moderation API's reads that MongoDB answers with a query and the embedded database from its index. */
export interface ModerationIndex {
  /** Ids of the matching comments in (createdAt, _id) order, at most `limit`. */
  queueIds(query: QueueIdsQuery): Promise<string[]>;
  /** Comments per (site, status), for these sites (null: every site). */
  statusCounts(sites: readonly string[] | null): Promise<StatusCount[]>;
  /** Ids of a site's webhook deliveries, newest first, in one state when given, at most `limit`. */
  deliveryLog(site: string, state: string | undefined, limit: number): Promise<string[]>;
}

/** Everything the embedded database's index answers. */
export interface EmbeddedIndex extends ModerationIndex {
  /** Pending deliveries whose next attempt is at or before `now`, earliest first, at most `limit`. */
  dueDeliveries(now: Date, limit: number): Promise<DueDelivery[]>;
  /** Ids of documents the retention job is to handle, oldest first. */
  expired(query: ExpiredQuery): Promise<string[]>;
  /** Ids of audit events in one state with `at` in [from, before), oldest first. */
  eventsByState(state: 'pending' | 'applied', range: { from?: Date; before?: Date }, limit: number): Promise<string[]>;
  /** Ids of audit events before `before` that still carry a moderator's note, in these sites or out of those. */
  notesToRemove(before: Date, sites: readonly string[] | null, excludeSites: readonly string[], limit: number): Promise<string[]>;
  /** Per [from, to) range of _id, the documents with the greatest ids first, at most `limit` of each (up to 16 ranges). */
  idRanges(collection: string, ranges: ReadonlyArray<{ from: string; to: string }>, limit: number): Promise<Array<Record<string, unknown>>>;
  /** The documents of a collection with these ids (at most 1,000), read straight from SQLite, in no particular order. */
  documents(collection: string, ids: readonly string[]): Promise<Array<Record<string, unknown>>>;
  /** SQLite's plan for one query, as sent (`explain` is added): the tests check that none scans a table. */
  explain(collection: string, query: Record<string, unknown>): Promise<string[]>;
}

export class EmbeddedQueryError extends Error {
  override name = 'EmbeddedQueryError';
}

// A query reads an index; anything this slow means the database file is
// locked or the machine is stuck, and the caller answers 503 to retry.
const QUERY_TIMEOUT_MS = 15_000;
// Ids and counts only: a page of a few hundred ids is a few KB.
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

// Kept-alive connections: a query is one request, not one connection.
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function post(url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, timeout: QUERY_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) req.destroy(new Error(`index answer larger than ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`index query took longer than ${QUERY_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

const ms = (d: Date | undefined): number => (d ? d.getTime() : 0);

/** Every op the query server answers (tools/embedded-db/queries.go: opCollections). */
export const INDEX_OPS = ['queue', 'stats', 'due', 'log', 'expired', 'events', 'notes', 'docs', 'idRanges'] as const;

export interface EmbeddedIndexOptions {
  /** Where the query server listens (http://127.0.0.1:<port>). */
  url: string;
  /** The FerretDB database (one SQLite file) to read. */
  database: string;
  /** Told of each query before it is sent (the tests check every one's plan). */
  observe?: (collection: string, query: Record<string, unknown>) => void;
}

/** The index of the embedded database whose query server listens at `url`, for one database in it. */
export function embeddedIndex(opts: EmbeddedIndexOptions): EmbeddedIndex {
  const endpoint = new URL('/query', opts.url);
  const ask = async (collection: string, query: Record<string, unknown>): Promise<Record<string, unknown[]>> => {
    if (!query.explain) opts.observe?.(collection, query);
    let answer: { status: number; text: string };
    try {
      answer = await post(endpoint, JSON.stringify({ database: opts.database, collection, ...query }));
    } catch (err) {
      throw new EmbeddedQueryError(`index query failed: ${(err as Error).message}`);
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(answer.text) as Record<string, unknown>;
    } catch {
      throw new EmbeddedQueryError(`index answered ${answer.status} with something other than JSON`);
    }
    if (answer.status !== 200) throw new EmbeddedQueryError(String(parsed.error ?? `index answered ${answer.status}`));
    return parsed as Record<string, unknown[]>;
  };
  const rows = async <T>(collection: string, query: Record<string, unknown>): Promise<T[]> => (await ask(collection, query)).rows as T[];
  return {
    queueIds(q) {
      const rule = q.rule === null ? {} : 'exact' in q.rule ? { ruleExact: q.rule.exact } : 'prefix' in q.rule ? { rulePrefix: q.rule.prefix } : { ruleSuffix: q.rule.suffix };
      return rows<string>('comments', {
        op: 'queue',
        sites: q.sites,
        status: q.status,
        beforeMs: q.before.getTime(),
        after: q.after ? { ms: q.after.createdAt.getTime(), id: q.after.id } : null,
        limit: q.limit,
        ...rule,
      });
    },
    statusCounts: (sites) => rows<StatusCount>('comments', { op: 'stats', sites }),
    deliveryLog: (site, state, limit) => rows<string>('deliveries', { op: 'log', site, state: state ?? '', limit }),
    dueDeliveries: (now, limit) => rows<DueDelivery>('deliveries', { op: 'due', beforeMs: now.getTime(), limit }),
    expired: (q) =>
      rows<string>(q.collection, {
        op: 'expired',
        beforeMs: q.before.getTime(),
        sites: q.sites,
        excludeSites: q.excludeSites,
        notAnonymised: q.notAnonymised === true,
        limit: q.limit,
      }),
    eventsByState: (state, range, limit) => rows<string>('events', { op: 'events', state, fromMs: ms(range.from), beforeMs: ms(range.before), limit }),
    notesToRemove: (before, sites, excludeSites, limit) => rows<string>('events', { op: 'notes', beforeMs: before.getTime(), sites, excludeSites, limit }),
    idRanges: async (collection, ranges, limit) => (await rows<Record<string, unknown>>(collection, { op: 'idRanges', ranges, limit })).map(decodeDocument),
    documents: async (collection, ids) => (await rows<Record<string, unknown>>(collection, { op: 'docs', ids })).map(decodeDocument),
    explain: async (collection, query) => (await ask(collection, { ...query, explain: true })).plan as string[],
  };
}
