// GET /v1/moderation/queue and /v1/moderation/stats (viewer and up).
//
// The queue is served oldest first in (createdAt, _id) order and stops at a
// settle horizon a few seconds in the past: a comment's createdAt is taken
// before its checks run and it becomes visible only when stored, so without
// the horizon a slow submission could land behind a cursor already served.
//
// The store reads the page (on the embedded database through its index:
// FerretDB itself would scan every stored comment); this bounds and serves it.
import { Router } from 'express';
import type { z } from 'zod';
import type { CommentDoc } from '../store/comment-model';
import type { Store } from '../store/store';
import type { ModerationCounts } from '../service/moderation-counts';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { ApiError, validationError } from './errors';
import { sitesInView, requireModeratorRole } from './moderation-access';
import { decodeCursor, encodeCursor } from './moderation-cursor';
import { QUEUE_STATUS, queueQuery, statsQuery, type statsResponse } from './moderation-schemas';
import { fillPage, pageJson, QUEUE_PAGE_BYTES, type FilledPage } from './queue-page';

export interface QueueDeps {
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
    // A language is the "lang:<code>" entry of the comment's rules: the same filter, no other query.
    if (q.language !== undefined && (q.check !== undefined || q.rule !== undefined)) throw new ApiError(400, 'invalid_request', 'language cannot be combined with check or rule', { fields: [{ field: 'language', problem: 'conflict', message: 'not with check or rule' }] });
    const [check, rule] = q.language !== undefined ? ['lang', q.language] : [q.check, q.rule];
    const source = await deps.store.comments.queue({ sites: sitesInView(req.moderator!, q.site), status, before: horizon, after, check, rule, limit: q.limit });
    let page: FilledPage;
    try {
      page = await fillPage(source.docs, q.limit, deps.pageBytes ?? QUEUE_PAGE_BYTES);
    } finally {
      await source.close().catch(() => {});
    }
    const last = page.last;
    const nextCursor = last ? encodeCursor({ createdAt: new Date(last.createdAt), id: last._id }) : (q.cursor ?? null);
    res.type('application/json').send(pageJson(page, nextCursor, page.more || source.more));
  });

  router.get('/v1/moderation/stats', viewer, async (req, res) => {
    const q = parseQuery(statsQuery, req.query);
    const sites = sitesInView(req.moderator!, q.site);
    // Counts for every site, shared by every moderator and kept a few seconds (ModerationCounts).
    const groups = (await deps.counts.get(deps.countsMaxAgeMs))
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
