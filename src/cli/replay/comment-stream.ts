// Stored comments for a replay, oldest first, streamed from a cursor in
// batches and projected to the fields the engine and the report use.
import type { Connection } from 'mongoose';
import type { ReplaySourceComment } from '../../ruleset/replay/run-replay';
import { commentModel } from '../../store/comment-model';

export interface CommentFilter {
  site?: string;
  since?: Date;
}

const PROJECTION = {
  site: 1, name: 1, text: 1, email: 1, ip: 1, userAgent: 1, articleId: 1, articleUrl: 1, parentId: 1, externalId: 1, language: 1,
  createdAt: 1, status: 1, version: 1, lastAction: 1, 'decision.action': 1, 'decision.reasons': 1,
} as const;

function queryFor(filter: CommentFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.site !== undefined) query.site = filter.site;
  if (filter.since !== undefined) query.createdAt = { $gte: filter.since };
  return query;
}

/**
 * The driver's cursor, not mongoose documents: replay only reads, and
 * hydrating 100k documents would cost more than deciding them.
 */
export function streamComments(conn: Connection, filter: CommentFilter, opts: { limit?: number; batchSize: number }): AsyncIterable<ReplaySourceComment> {
  const cursor = commentModel(conn)
    .collection.find(queryFor(filter), { projection: PROJECTION, batchSize: opts.batchSize })
    .sort({ createdAt: 1, _id: 1 });
  if (opts.limit !== undefined) cursor.limit(opts.limit);
  return cursor as unknown as AsyncIterable<ReplaySourceComment>;
}

/** How many comments the replay will read, for the progress bar (a scan on FerretDB: only asked on a terminal). */
export async function countComments(conn: Connection, filter: CommentFilter, limit?: number): Promise<number> {
  const count = await commentModel(conn).collection.countDocuments(queryFor(filter));
  return limit === undefined ? count : Math.min(count, limit);
}
