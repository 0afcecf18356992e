// GET /v1/moderation/comments/:id (viewer and up): the comment, its decision
// with every reason, and its history. A comment of a site the moderator may
// not see is answered exactly like a missing one.
import { Router } from 'express';
import type { Model } from 'mongoose';
import type { CommentDoc } from '../store/comment-model';
import { eventIdFor, type ModerationEventDoc } from '../store/event-model';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { ApiError } from './errors';
import { requireModeratorRole } from './moderation-access';
import { mayAccessSite, type Moderator } from './moderator-auth';
import { moderationCommentView } from './moderation-views';

export const COMMENT_ID = /^[a-z0-9]{1,64}$/;

export const commentNotFound = () => new ApiError(404, 'comment_not_found', 'no comment with this id that you may see');

export async function findVisibleComment(comments: Model<CommentDoc>, moderator: Moderator, id: unknown): Promise<CommentDoc> {
  if (typeof id !== 'string' || !COMMENT_ID.test(id)) throw commentNotFound();
  const doc = await comments.findById(id).lean<CommentDoc>();
  if (!doc || !mayAccessSite(moderator, doc.site)) throw commentNotFound();
  return doc;
}

/**
 * A comment's events, in version order. Each has the _id `<comment>:v<version>`
 * (see store/event-model.ts), and only events move a comment's version: so
 * they are the versions 2 to the comment's own, plus a pending or void one
 * that claimed the next. Read by _id, an index lookup on either database,
 * where a query on commentId scans every event on the embedded one.
 */
async function eventsOf(events: Model<ModerationEventDoc>, doc: CommentDoc): Promise<ModerationEventDoc[]> {
  const versions = Array.from({ length: doc.version }, (_, k) => k + 2);
  const found = await Promise.all(versions.map((v) => events.findById(eventIdFor(doc._id, v)).lean<ModerationEventDoc>()));
  return found.filter((e): e is ModerationEventDoc => e !== null);
}

export function moderationCommentsRouter(deps: { comments: Model<CommentDoc>; events: Model<ModerationEventDoc>; directory: ModeratorDirectory }): Router {
  const router = Router();
  router.get('/v1/moderation/comments/:id', requireModeratorRole(deps.directory, 'viewer'), async (req, res) => {
    const doc = await findVisibleComment(deps.comments, req.moderator!, req.params.id);
    const events = await eventsOf(deps.events, doc);
    res.json(moderationCommentView(doc, events));
  });
  return router;
}
