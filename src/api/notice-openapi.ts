// OpenAPI paths of reader reports, appeals and their queues, generated from
// notice-schemas.ts. GET /v1/comments/{id} is described again here with the
// statement of reasons it now carries (these paths are merged last).
import { z } from 'zod';
import { errorResponse, storedCommentResponse } from './comment-schemas';
import { currentState } from './moderation-schemas';
import {
  appealBody, appealDecisionBody, appealResponse, appealedResponse, muteBody, noticeCountsResponse, noticeQueueQuery,
  reportBody, reportResponse, reportedResponse, statementSchema,
} from './notice-schemas';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: 'error', content: json(errorResponse) }]));
const moderatorKey = [{ moderatorKey: [] }];
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const queueParameters = Object.entries(noticeQueueQuery.shape).map(([name, field]) => ({
  name, in: 'query', required: false, schema: z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }),
}));

export function noticeApiPaths(): Record<string, unknown> {
  return {
    '/v1/comments/{id}': {
      get: {
        summary: 'A stored comment with its decision, and for a hold or reject its statement of reasons (own site only)',
        parameters: [idParameter],
        responses: { '200': { description: 'the comment', content: json(storedCommentResponse.extend({ statement: statementSchema.optional() })) }, ...errors(401, 404, 503) },
      },
    },
    '/v1/comments/{id}/reports': {
      post: {
        summary: "A reader's report on a comment; one per reader and comment (site key)", parameters: [idParameter],
        requestBody: { required: true, content: json(reportBody, 'input') },
        responses: {
          '201': { description: 'stored', content: json(reportResponse) },
          '200': { description: 'this reader reported the comment already: the stored report', content: json(reportResponse) },
          ...errors(400, 401, 404, 415, 429, 503),
        },
      },
    },
    '/v1/comments/{id}/appeals': {
      post: {
        summary: "An author's appeal against the comment's hold or reject, lodged by the site (site key); 403 appeals_disabled, 409 not_appealable or appeal_window_closed",
        parameters: [idParameter],
        requestBody: { required: true, content: json(appealBody, 'input') },
        responses: {
          '201': { description: 'lodged', content: json(appealResponse) },
          '200': { description: 'this decision was appealed already: the stored appeal', content: json(appealResponse) },
          ...errors(400, 401, 403, 404, 409, 415, 503),
        },
      },
    },
    '/v1/moderation/reported': {
      get: {
        summary: 'Reported comments, oldest report first, each with its reports grouped by reason (viewer)', security: moderatorKey, parameters: queueParameters,
        responses: { '200': { description: 'a page', content: json(reportedResponse) }, ...errors(400, 401, 403, 503) },
      },
    },
    '/v1/moderation/appealed': {
      get: {
        summary: 'Open appeals, oldest first (viewer)', security: moderatorKey, parameters: queueParameters,
        responses: { '200': { description: 'a page', content: json(appealedResponse) }, ...errors(400, 401, 403, 503) },
      },
    },
    '/v1/moderation/notices/counts': {
      get: {
        summary: 'How many comments the reported and appealed queues hold; poll with If-None-Match (viewer)', security: moderatorKey,
        parameters: [{ name: 'site', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { '200': { description: 'counts', content: json(noticeCountsResponse) }, '304': { description: 'unchanged since the ETag sent' }, ...errors(401, 403, 503) },
      },
    },
    '/v1/moderation/reporters/mute': {
      post: {
        summary: "Mute (or unmute) a reporter: their reports are kept but no longer counted (moderator)", security: moderatorKey,
        requestBody: { required: true, content: json(muteBody, 'input') },
        responses: { '200': { description: 'the reporter' }, ...errors(400, 401, 403, 415, 503) },
      },
    },
    '/v1/moderation/comments/{id}/appeal-decision': {
      post: {
        summary: 'Decide an appeal: uphold or reverse, with a code (moderator; not the one who decided the comment: 403 same_moderator; decided already: 409 appeal_decided)',
        security: moderatorKey, parameters: [idParameter],
        requestBody: { required: true, content: json(appealDecisionBody, 'input') },
        responses: { '200': { description: 'decided', content: json(z.object({ appeal: appealResponse, comment: currentState })) }, ...errors(400, 401, 403, 404, 409, 415, 503) },
      },
    },
  };
}
