// POST /v1/moderation/comments/:id/actions and POST /v1/moderation/actions
// (moderator and up). Each action names the version the moderator saw; when
// two moderators act on the same version exactly one wins and the other gets
// 409 with the comment's current state.
import { Router } from 'express';
import type { z } from 'zod';
import { moderateComment, type ActionOutcome, type ActionRequest, type ModerationDeps } from '../service/moderate-comment';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { ApiError } from './errors';
import { jsonBody, parseBody } from './json-body';
import { requireModeratorRole } from './moderation-access';
import { COMMENT_ID, commentNotFound } from './moderation-comments';
import { actionBody, bulkActionBody, type actionResponse, type bulkActionResponse } from './moderation-schemas';
import { currentStateView, eventView } from './moderation-views';
import type { Moderator } from '../access/moderators';

type BulkResult = z.infer<typeof bulkActionResponse>['results'][number];

function conflict(outcome: Extract<ActionOutcome, { kind: 'conflict' }>): ApiError {
  const current = currentStateView(outcome.current);
  return new ApiError(409, 'version_conflict', `the comment is at version ${current.version} (status ${current.status}); reload it and decide again`, { current });
}

function appealOpen(outcome: Extract<ActionOutcome, { kind: 'appeal_open' }>): ApiError {
  const current = currentStateView(outcome.current);
  return new ApiError(409, 'appeal_open', `an appeal against this ${current.status} is open: another moderator decides it with POST /v1/moderation/comments/${current.id}/appeal-decision`, { current });
}

function refusal(outcome: Exclude<ActionOutcome, { kind: 'done' }>): ApiError {
  if (outcome.kind === 'conflict') return conflict(outcome);
  if (outcome.kind === 'appeal_open') return appealOpen(outcome);
  return commentNotFound();
}

async function act(deps: ModerationDeps, moderator: Moderator, request: ActionRequest): Promise<BulkResult> {
  if (!COMMENT_ID.test(request.id)) {
    const e = commentNotFound();
    return { id: request.id, status: 404, error: { code: e.code, message: e.message, details: null } };
  }
  const outcome = await moderateComment(deps, moderator, request);
  if (outcome.kind === 'done') return { id: request.id, status: 200, comment: currentStateView(outcome.comment), event: eventView(outcome.event) };
  const e = refusal(outcome);
  return { id: request.id, status: e.status, error: { code: e.code, message: e.message, details: e.details ?? null } };
}

export function moderationActionsRouter(deps: ModerationDeps & { directory: ModeratorDirectory }, bodyLimit: string): Router {
  const router = Router();
  const moderatorRole = requireModeratorRole(deps.directory, 'moderator');

  router.post('/v1/moderation/comments/:id/actions', moderatorRole, ...jsonBody(bodyLimit), async (req, res) => {
    const body = parseBody(actionBody, req.body);
    const id = req.params.id;
    if (typeof id !== 'string' || !COMMENT_ID.test(id)) throw commentNotFound();
    const outcome = await moderateComment(deps, req.moderator!, { id, ...body });
    if (outcome.kind !== 'done') throw refusal(outcome);
    const answer: z.infer<typeof actionResponse> = { comment: currentStateView(outcome.comment), event: eventView(outcome.event) };
    res.json(answer);
  });

  router.post('/v1/moderation/actions', moderatorRole, ...jsonBody(bodyLimit), async (req, res) => {
    const { actions } = parseBody(bulkActionBody, req.body);
    const results: BulkResult[] = [];
    // One after another: a batch naming the same comment twice sees its own first action.
    for (const request of actions) results.push(await act(deps, req.moderator!, request));
    const answer: z.infer<typeof bulkActionResponse> = { results };
    res.json(answer);
  });

  return router;
}
