// GET /v1/moderation/comments/:id (viewer and up): the comment, its decision
// with every reason, and its history. A comment of a site the moderator may
// not see is answered exactly like a missing one.
//
// PUT /v1/moderation/comments/:id/presence says "I have this comment open"
// (the console repeats it while the detail is open) and answers who else
// does; DELETE says the moderator closed it. Presence is advisory: it never
// stops an action, the version check does that.
import { Router } from 'express';
import type { CommentDoc } from '../store/comment-model';
import type { Store } from '../store/store';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { ApiError } from './errors';
import { requireModeratorRole } from './moderation-access';
import { mayAccessSite, type Moderator } from '../access/moderators';
import { moderationCommentView } from './moderation-views';

export const COMMENT_ID = /^[a-z0-9]{1,64}$/;

export const commentNotFound = () => new ApiError(404, 'comment_not_found', 'no comment with this id that you may see');

export async function findVisibleComment(store: Store, moderator: Moderator, id: unknown): Promise<CommentDoc> {
  if (typeof id !== 'string' || !COMMENT_ID.test(id)) throw commentNotFound();
  const doc = await store.comments.byId(id);
  if (!doc || !mayAccessSite(moderator, doc.site)) throw commentNotFound();
  return doc;
}

/** A moderator counts as looking for this long after their last heartbeat (the console beats every 20 s). */
export const PRESENCE_ACTIVE_MS = 60_000;
/** Entries older than this are deleted when next read (a console that closed without saying so). */
const PRESENCE_STALE_MS = 10 * 60_000;

export function moderationCommentsRouter(deps: { store: Store; directory: ModeratorDirectory; now: () => number }): Router {
  const router = Router();
  const viewer = requireModeratorRole(deps.directory, 'viewer');
  router.get('/v1/moderation/comments/:id', viewer, async (req, res) => {
    const doc = await findVisibleComment(deps.store, req.moderator!, req.params.id);
    const events = await deps.store.events.ofComment(doc);
    res.json(moderationCommentView(doc, events));
  });
  router.put('/v1/moderation/comments/:id/presence', viewer, async (req, res) => {
    const me = req.moderator!;
    const doc = await findVisibleComment(deps.store, me, req.params.id);
    const now = deps.now();
    await deps.store.presence.mark({ commentId: doc._id, moderator: me.name, role: me.role, seenAt: new Date(now) });
    const present = await deps.store.presence.lookingAt(doc._id, new Date(now - PRESENCE_ACTIVE_MS), new Date(now - PRESENCE_STALE_MS));
    const others = present.filter((p) => p.moderator !== me.name).sort((a, b) => a.moderator.localeCompare(b.moderator));
    res.json({ viewers: others.map((p) => ({ moderator: p.moderator, role: p.role, seenAt: new Date(p.seenAt).toISOString() })) });
  });
  router.delete('/v1/moderation/comments/:id/presence', viewer, async (req, res) => {
    const doc = await findVisibleComment(deps.store, req.moderator!, req.params.id);
    await deps.store.presence.leave(doc._id, req.moderator!.name);
    res.status(204).end();
  });
  return router;
}
