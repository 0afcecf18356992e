// POST /v1/comments/:id/reports and POST /v1/comments/:id/appeals, for news
// sites (site key): a reader's report, and an author's appeal lodged by the
// site on their behalf. A repeat answers 200 with what was stored, never a
// second report or appeal.
import { Router } from 'express';
import type { z } from 'zod';
import type { ModerationDeps } from '../service/moderate-comment';
import { lodgeAppeal } from '../service/notices/appeals';
import { reportComment } from '../service/notices/report-comment';
import type { AppealDoc, ReportDoc } from '../store/notice-models';
import { ApiError } from './errors';
import { jsonBody, parseBody } from './json-body';
import { appealBody, reportBody, type appealResponse, type reportResponse } from './notice-schemas';

const ID_PATTERN = /^[a-z0-9]{1,64}$/;
const notFound = () => new ApiError(404, 'comment_not_found', 'no comment with this id for this site');
const iso = (d: Date) => new Date(d).toISOString();

export const reportView = (r: ReportDoc): z.infer<typeof reportResponse> => ({ id: r._id, commentId: r.commentId, reason: r.reason, state: r.state, createdAt: iso(r.createdAt) });

export const appealView = (a: AppealDoc): z.infer<typeof appealResponse> => ({
  id: a._id, commentId: a.commentId, version: a.version, against: a.status, state: a.state, createdAt: iso(a.createdAt),
  decision: a.decision && { ...a.decision, at: iso(a.decision.at) },
});

function commentId(raw: unknown): string {
  if (typeof raw !== 'string' || !ID_PATTERN.test(raw)) throw notFound();
  return raw;
}

export function noticesRouter(deps: ModerationDeps, bodyLimit: string): Router {
  const router = Router();

  router.post('/v1/comments/:id/reports', ...jsonBody(bodyLimit), async (req, res) => {
    const body = parseBody(reportBody, req.body);
    const outcome = await reportComment(deps, req.site!, commentId(req.params.id), body);
    if (outcome.kind === 'not_found') throw notFound();
    res.status(outcome.created ? 201 : 200).json(reportView(outcome.report));
  });

  router.post('/v1/comments/:id/appeals', ...jsonBody(bodyLimit), async (req, res) => {
    const body = parseBody(appealBody, req.body);
    const outcome = await lodgeAppeal(deps, req.site!, commentId(req.params.id), body.statement);
    if (outcome.kind === 'refused') throw new ApiError(outcome.status, outcome.code, outcome.message);
    res.status(outcome.created ? 201 : 200).json(appealView(outcome.appeal));
  });

  return router;
}
