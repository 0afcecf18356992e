// POST /v1/comments, PUT and GET /v1/comments/:id and POST /v1/comments:check, for news sites.
import { Router } from 'express';
import { decide, prepare } from '../moderation/engine';
import { articleMode } from '../moderation/standing';
import { EMPTY_HISTORY } from '../moderation/types';
import { ArticleClosedError } from '../service/author-standing';
import { editComment } from '../service/edit-comment';
import { EditBusyError, submitComment, type SubmitDeps } from '../service/submit-comment';
import type { CommentDoc } from '../store/comment-model';
import { editCommentBody, submitCommentBody } from './comment-schemas';
import { decisionView, storedCommentView } from './comment-views';
import { ApiError } from './errors';
import { jsonBody, parseBody } from './json-body';

const ID_PATTERN = /^[a-z0-9]{1,64}$/;

export const articleClosed = (err: ArticleClosedError) =>
  new ApiError(409, 'article_closed', 'the article takes no more comments', { articleId: err.articleId });

const editBusy = (version: number) =>
  new ApiError(409, 'version_conflict', 'moderators kept acting on the comment while it was judged again; send the edit again', { version });

/** Runs a submission; a closed article, or an edit that kept losing to moderators, becomes the site's 409. */
export async function orArticleClosed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ArticleClosedError) throw articleClosed(err);
    if (err instanceof EditBusyError) throw editBusy(err.version);
    throw err;
  }
}

/** Fields added to a stored comment's answer (the statement of reasons). */
export type CommentExtras = (doc: CommentDoc) => Promise<Record<string, unknown>>;

export function commentsRouter(deps: SubmitDeps, bodyLimit: string, extras?: CommentExtras): Router {
  const router = Router();

  router.post('/v1/comments', ...jsonBody(bodyLimit), async (req, res) => {
    const { editedAt, ...body } = parseBody(submitCommentBody, req.body);
    const { created, edited, doc } = await orArticleClosed(() => submitComment(deps, { ...body, site: req.site! }, 'api', { editedAt: editedAt ? new Date(editedAt) : undefined }));
    res.status(created ? 201 : 200).location(`/v1/comments/${doc._id}`).json({ ...decisionView(doc), ...(edited !== undefined && { edited }) });
  });

  // Judged as POST /v1/comments would judge it (author, article and site policies included), but nothing is
  // stored and no history is read or written: duplicate and flood checks need stored comments.
  router.post('/v1/comments\\:check', ...jsonBody(bodyLimit), async (req, res) => {
    const { editedAt: _ignored, ...body } = parseBody(submitCommentBody, req.body);
    const input = { ...body, site: req.site! };
    const now = deps.now();
    const standing = deps.standing ? await deps.standing.read(deps.protect ? deps.protect(input) : input) : undefined;
    if (standing && articleMode(standing.article, now) === 'closed') throw articleClosed(new ArticleClosedError(input.articleId!));
    const decision = decide(deps.rules().forSite(input.site), prepare(input), EMPTY_HISTORY, now, standing);
    res.json({ decision: decision.action, reasons: decision.reasons, scores: decision.scores, rulesVersion: decision.rulesVersion });
  });

  // Another site's comment is answered exactly like a missing one.
  const notFound = () => new ApiError(404, 'comment_not_found', 'no comment with this id for this site');

  router.put('/v1/comments/:id', ...jsonBody(bodyLimit), async (req, res) => {
    const id = req.params.id;
    const body = parseBody(editCommentBody, req.body);
    if (typeof id !== 'string' || !ID_PATTERN.test(id) || !deps.events) throw notFound();
    const doc = await deps.comments.byId(id);
    if (!doc || doc.site !== req.site) throw notFound();
    const change = { text: body.text, name: body.name, editedAt: body.editedAt ? new Date(body.editedAt) : undefined, actor: `site:${req.site}` };
    const outcome = await orArticleClosed(() => editComment({ ...deps, events: deps.events! }, doc, change));
    if (outcome.kind === 'not_found') throw notFound();
    if (outcome.kind === 'busy') throw editBusy(outcome.doc.version);
    res.json({ ...decisionView(outcome.doc), edited: outcome.kind === 'edited' });
  });

  router.get('/v1/comments/:id', async (req, res) => {
    const id = req.params.id;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) throw notFound();
    const doc = await deps.comments.byId(id);
    if (!doc || doc.site !== req.site) throw notFound();
    res.json({ ...storedCommentView(doc), ...(await extras?.(doc)) });
  });

  return router;
}
