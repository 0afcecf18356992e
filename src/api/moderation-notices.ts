// The reported and appealed queues, muting a reporter, and deciding an
// appeal, under /v1/moderation. Queues are read as `_id` ranges of the
// notice_queue collection (src/store/notices.ts), oldest first.
import { Router } from 'express';
import type { z } from 'zod';
import { mayAccessSite } from '../access/moderators';
import type { ModerationDeps } from '../service/moderate-comment';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { appealOf, decideAppeal } from '../service/notices/appeals';
import type { CommentDoc } from '../store/comment-model';
import type { AppealDoc, QueueEntryDoc } from '../store/notice-models';
import { ApiError } from './errors';
import { jsonBody, parseBody } from './json-body';
import { requireModeratorRole, sitesInView } from './moderation-access';
import { COMMENT_ID, commentNotFound } from './moderation-comments';
import { parseQuery } from './moderation-queue';
import { currentStateView, queueItemView } from './moderation-views';
import { appealView } from './notices';
import { appealDecisionBody, muteBody, noticeQueueQuery, type appealedItem, type noticeCountsResponse, type reportedItem } from './notice-schemas';

const CURSOR = /^(reported|appealed)\|[0-9a-f]{16}\|[0-9a-f]{12}\|[a-z0-9]{1,64}$/;
const COUNT_LIMIT = 1000;
const iso = (d: Date) => new Date(d).toISOString();

interface Page { entries: QueueEntryDoc[]; comments: CommentDoc[]; nextCursor: string | null; hasMore: boolean }

export function moderationNoticesRouter(deps: ModerationDeps & { directory: ModeratorDirectory; onAppealDecided?: (appeal: AppealDoc, comment: CommentDoc) => Promise<void> }, bodyLimit: string): Router {
  const router = Router();
  const { store, directory } = deps;
  const viewer = requireModeratorRole(directory, 'viewer');
  const moderator = requireModeratorRole(directory, 'moderator');

  /** One page of a queue: its entries, one per comment, with the comments still there. */
  async function page(queue: QueueEntryDoc['queue'], query: unknown, sites: (site: string | undefined) => readonly string[] | null): Promise<Page> {
    const q = parseQuery(noticeQueueQuery, query);
    if (q.cursor !== undefined && !(CURSOR.test(q.cursor) && q.cursor.startsWith(`${queue}|`))) throw new ApiError(400, 'invalid_cursor', 'the cursor is not one this API returned', { field: 'cursor' });
    const read = await store.notices.queuePage(queue, sites(q.site), q.cursor ?? null, q.limit + 1);
    const entries: QueueEntryDoc[] = [];
    const seen = new Set<string>();
    for (const e of read.slice(0, q.limit)) if (!seen.has(e.commentId)) { seen.add(e.commentId); entries.push(e); }
    const comments = (await Promise.all(entries.map((e) => store.comments.byId(e.commentId)))).filter((c): c is CommentDoc => c !== null);
    const last = read.slice(0, q.limit).at(-1);
    return { entries, comments, nextCursor: last?._id ?? q.cursor ?? null, hasMore: read.length > q.limit };
  }

  router.get('/v1/moderation/reported', viewer, async (req, res) => {
    const p = await page('reported', req.query, (site) => sitesInView(req.moderator!, site));
    const items: Array<z.infer<typeof reportedItem>> = [];
    for (const comment of p.comments) {
      const reports = await store.notices.reportsOf(comment._id);
      const reporters = await store.notices.reportersAmong(comment.site, reports.map((r) => r.reporterHash));
      const muted = new Set([...reporters.values()].filter((d) => d.muted).map((d) => d.reporterHash));
      const open = reports.filter((r) => r.state === 'open');
      const byReason: Record<string, number> = {};
      for (const r of open) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
      items.push({
        comment: queueItemView(comment),
        reports: {
          open: open.length,
          counted: open.filter((r) => !muted.has(r.reporterHash)).length,
          byReason,
          items: reports.map((r) => ({ reporter: r.reporterHash, reason: r.reason, note: r.note, legal: r.legal, state: r.state, muted: muted.has(r.reporterHash), dismissedBefore: reporters.get(r.reporterHash)?.dismissed ?? 0, createdAt: iso(r.createdAt) })),
        },
      });
    }
    res.json({ items, nextCursor: p.nextCursor, hasMore: p.hasMore });
  });

  router.get('/v1/moderation/appealed', viewer, async (req, res) => {
    const p = await page('appealed', req.query, (site) => sitesInView(req.moderator!, site));
    const items: Array<z.infer<typeof appealedItem>> = [];
    for (const entry of p.entries) {
      const comment = p.comments.find((c) => c._id === entry.commentId);
      if (!comment) continue;
      const appeal = await appealOf(store, comment._id, entry.version ?? comment.version);
      if (!appeal) continue;
      items.push({ comment: queueItemView(comment), appeal: { ...appealView(appeal), decidedBy: appeal.decidedBy, statement: appeal.statement } });
    }
    res.json({ items, nextCursor: p.nextCursor, hasMore: p.hasMore });
  });

  // How many comments wait on each queue, for the console to poll: Express's ETag makes an unchanged answer a bodiless 304.
  router.get('/v1/moderation/notices/counts', viewer, async (req, res) => {
    const sites = sitesInView(req.moderator!, typeof req.query.site === 'string' ? req.query.site : undefined);
    const count = async (queue: QueueEntryDoc['queue']) => new Set((await store.notices.queuePage(queue, sites, null, COUNT_LIMIT)).map((e) => e.commentId)).size;
    const answer: z.infer<typeof noticeCountsResponse> = { reported: await count('reported'), appealed: await count('appealed') };
    res.set('Cache-Control', 'private, no-cache').json(answer);
  });

  router.post('/v1/moderation/reporters/mute', moderator, ...jsonBody(bodyLimit), async (req, res) => {
    const body = parseBody(muteBody, req.body);
    if (!mayAccessSite(req.moderator!, body.site)) throw new ApiError(403, 'site_forbidden', `"${req.moderator!.name}" may not see site "${body.site}"`, { site: body.site });
    const at = new Date(deps.now());
    const doc = await store.notices.setMuted(body.site, body.reporter, body.muted, req.moderator!.name, at);
    await store.notices.audit({
      _id: `${body.site}:reporter:${body.reporter}:${body.muted ? 'muted' : 'unmuted'}:${at.getTime()}`, kind: 'reporter_muted', commentId: null, site: body.site,
      actor: req.moderator!.name, at, state: 'logged', note: null, details: { reporter: body.reporter, muted: body.muted },
    });
    res.json({ site: doc.site, reporter: doc.reporterHash, muted: doc.muted, mutedBy: doc.mutedBy, mutedAt: doc.mutedAt && iso(doc.mutedAt), dismissed: doc.dismissed ?? 0 });
  });

  router.post('/v1/moderation/comments/:id/appeal-decision', moderator, ...jsonBody(bodyLimit), async (req, res) => {
    const body = parseBody(appealDecisionBody, req.body);
    const id = req.params.id;
    if (typeof id !== 'string' || !COMMENT_ID.test(id)) throw commentNotFound();
    const outcome = await decideAppeal(deps, req.moderator!, id, body);
    if (outcome.kind === 'refused') throw new ApiError(outcome.status, outcome.code, outcome.message);
    await deps.onAppealDecided?.(outcome.appeal, outcome.comment);
    res.json({ appeal: appealView(outcome.appeal), comment: currentStateView(outcome.comment) });
  });

  return router;
}
