// POST /v1/comments and GET /v1/comments/:id, for news sites.
import { Router } from 'express';
import { submitComment, type SubmitDeps } from '../service/submit-comment';
import type { CommentDoc } from '../store/comment-model';
import { submitCommentBody } from './comment-schemas';
import { decisionView, storedCommentView } from './comment-views';
import { ApiError } from './errors';
import { jsonBody, parseBody } from './json-body';

const ID_PATTERN = /^[a-z0-9]{1,64}$/;

/** Fields added to a stored comment's answer (the statement of reasons). */
export type CommentExtras = (doc: CommentDoc) => Promise<Record<string, unknown>>;

export function commentsRouter(deps: SubmitDeps, bodyLimit: string, extras?: CommentExtras): Router {
  const router = Router();

  router.post('/v1/comments', ...jsonBody(bodyLimit), async (req, res) => {
    const body = parseBody(submitCommentBody, req.body);
    const { created, doc } = await submitComment(deps, { ...body, site: req.site! });
    res.status(created ? 201 : 200).location(`/v1/comments/${doc._id}`).json(decisionView(doc));
  });

  router.get('/v1/comments/:id', async (req, res) => {
    const id = req.params.id;
    // Another site's comment is answered exactly like a missing one.
    const notFound = new ApiError(404, 'comment_not_found', 'no comment with this id for this site');
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) throw notFound;
    const doc = await deps.comments.byId(id);
    if (!doc || doc.site !== req.site) throw notFound;
    res.json({ ...storedCommentView(doc), ...(await extras?.(doc)) });
  });

  return router;
}
