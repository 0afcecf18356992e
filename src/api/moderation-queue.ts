// GET /v1/moderation/queue and /v1/moderation/stats (viewer and up).
//
// The queue is served oldest first in (createdAt, _id) order and stops at a
// settle horizon a few seconds in the past: a comment's createdAt is taken
// before its checks run and it becomes visible only when stored, so without
// the horizon a slow submission could land behind a cursor already served.
//
// On the embedded database both come from its index (see
// src/store/embedded/index-client.ts), the same filters answered from
// SQLite's indexes; FerretDB itself would scan every stored comment.
import { Router } from 'express';
import type { Model } from 'mongoose';
import type { z } from 'zod';
import type { CommentDoc } from '../store/comment-model';
import { EmbeddedQueryError, type QueueIdsQuery } from '../store/embedded/index-client';
import { readByIds } from '../store/read-by-ids';
import type { Store } from '../store/store';
import type { ModerationCounts } from '../service/moderation-counts';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { databaseUnavailable, validationError } from './errors';
import { siteFilter, sitesInView, requireModeratorRole } from './moderation-access';
import { afterPosition, decodeCursor, encodeCursor } from './moderation-cursor';
import { QUEUE_STATUS, queueQuery, statsQuery, type statsResponse } from './moderation-schemas';
import { commentsByIds, fillPage, pageJson, QUEUE_PAGE_BYTES, type FilledPage } from './queue-page';

export interface QueueDeps {
  comments: Model<CommentDoc>;
  directory: ModeratorDirectory;
  now: () => number;
  /** How far behind now the queue stops (the longest a submission may take to be stored). */
  settleMs: number;
  /** The database; on the embedded one its index answers the queue's filters. */
  store: Store;
  /** Byte bound of a page's items (default QUEUE_PAGE_BYTES). */
  pageBytes?: number;
  /** Counts per site and status for the stats, and how old they may be. */
  counts: ModerationCounts;
  countsMaxAgeMs: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function rulesFilter(check: string | undefined, rule: string | undefined): Record<string, unknown> {
  if (check && rule) return { rules: `${check}:${rule}` };
  if (check) return { rules: { $regex: `^${escapeRegex(check)}:` } };
  if (rule) return { rules: { $regex: `:${escapeRegex(rule)}$` } };
  return {};
}

/** The same rules filter for the embedded index. */
function indexRule(check: string | undefined, rule: string | undefined): QueueIdsQuery['rule'] {
  if (check && rule) return { exact: `${check}:${rule}` };
  if (check) return { prefix: `${check}:` };
  if (rule) return { suffix: `:${rule}` };
  return null;
}

/** An index that cannot answer is a database that cannot: 503, retry. */
export async function fromIndex<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (err) {
    if (err instanceof EmbeddedQueryError) throw databaseUnavailable();
    throw err;
  }
}

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error, 'query');
  return parsed.data;
}

export function moderationQueueRouter(deps: QueueDeps): Router {
  const router = Router();
  const viewer = requireModeratorRole(deps.directory, 'viewer');

  router.get('/v1/moderation/queue', viewer, async (req, res) => {
    const q = parseQuery(queueQuery, req.query);
    const after = q.cursor !== undefined ? decodeCursor(q.cursor) : null;
    const horizon = new Date(deps.now() - deps.settleMs);
    const status = QUEUE_STATUS[q.status];
    // Whether the database holds more than a page: an id the index found
    // counts even if its comment was moderated before it was read here.
    let indexMore = false;
    let docs: AsyncIterable<CommentDoc>;
    let close = async () => {};
    const index = deps.store.index;
    if (index) {
      const ids = await fromIndex(index.queueIds({
        sites: sitesInView(req.moderator!, q.site), status, before: horizon, after, rule: indexRule(q.check, q.rule), limit: q.limit + 1,
      }));
      docs = commentsByIds((chunk) => readByIds(deps.store, deps.comments, chunk), ids, status);
      indexMore = ids.length > q.limit;
    } else {
      const filter = {
        ...siteFilter(req.moderator!, q.site),
        status,
        ...rulesFilter(q.check, q.rule),
        $and: [{ createdAt: { $lte: horizon } }, ...(after ? [afterPosition(after)] : [])],
      };
      // Same order as the indexes {site, status, createdAt, _id} and {status, createdAt, _id};
      // a cursor in small batches, so a page cut short by its byte bound reads no further.
      const cursor = deps.comments.find(filter).sort({ createdAt: 1, _id: 1 }).limit(q.limit + 1).batchSize(20).lean<CommentDoc>().cursor();
      docs = cursor;
      close = () => cursor.close();
    }
    let page: FilledPage;
    try {
      page = await fillPage(docs, q.limit, deps.pageBytes ?? QUEUE_PAGE_BYTES);
    } finally {
      await close().catch(() => {});
    }
    const last = page.last;
    const nextCursor = last ? encodeCursor({ createdAt: new Date(last.createdAt), id: last._id }) : (q.cursor ?? null);
    res.type('application/json').send(pageJson(page, nextCursor, page.more || indexMore));
  });

  router.get('/v1/moderation/stats', viewer, async (req, res) => {
    const q = parseQuery(statsQuery, req.query);
    const sites = sitesInView(req.moderator!, q.site);
    // Counts for every site, shared by every moderator and kept a few seconds (ModerationCounts).
    const groups = (await fromIndex(deps.counts.get(deps.countsMaxAgeMs)))
      .filter((c) => sites === null || sites.includes(c.site))
      .map((c) => ({ _id: { site: c.site, status: c.status as CommentDoc['status'] }, n: c.n }));
    const empty = () => ({ held: 0, rejected: 0, approved: 0 });
    const bySite = new Map<string, ReturnType<typeof empty>>();
    const total = empty();
    const label = { hold: 'held', reject: 'rejected', approve: 'approved' } as const;
    for (const g of groups) {
      const key = label[g._id.status];
      if (!key) continue;
      const counts = bySite.get(g._id.site) ?? empty();
      counts[key] += g.n;
      total[key] += g.n;
      bySite.set(g._id.site, counts);
    }
    const body: z.infer<typeof statsResponse> = {
      sites: [...bySite.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([site, counts]) => ({ site, ...counts })),
      total,
    };
    res.json(body);
  });

  return router;
}
