// GET /v1/moderation/comments/:id (viewer and up): the comment, its decision
// with every reason, and its history. A comment of a site the moderator may
// not see is answered exactly like a missing one.
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

export function moderationCommentsRouter(deps: { store: Store; directory: ModeratorDirectory }): Router {
  const router = Router();
  router.get('/v1/moderation/comments/:id', requireModeratorRole(deps.directory, 'viewer'), async (req, res) => {
    const doc = await findVisibleComment(deps.store, req.moderator!, req.params.id);
    const events = await deps.store.events.ofComment(doc);
    res.json(moderationCommentView(doc, events));
  });
  return router;
}
