// OpenAPI paths of /v1/moderation, generated from moderation-schemas.ts.
import { z } from 'zod';
import { errorResponse } from './comment-schemas';
import {
  actionBody, actionResponse, bulkActionBody, bulkActionResponse, deliveriesQuery, deliveriesResponse,
  moderationCommentResponse, presenceResponse, queueQuery, queueResponse, statsQuery, statsResponse,
} from './moderation-schemas';
import { rulesTestBody } from './rules-test';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: 'error', content: json(errorResponse) }]));
const security = [{ moderatorKey: [] }];

function queryParameters(schema: z.ZodObject): object[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }),
  }));
}

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

export function moderationApiPaths(): Record<string, unknown> {
  return {
    '/v1/moderation/queue': {
      get: {
        summary: 'Comments by status, oldest first, in pages (viewer)', security, parameters: queryParameters(queueQuery),
        responses: { '200': { description: 'a page', content: json(queueResponse) }, ...errors(400, 401, 403, 503) },
      },
    },
    '/v1/moderation/stats': {
      get: {
        summary: 'Counts per site and status (viewer)', security, parameters: queryParameters(statsQuery),
        responses: { '200': { description: 'counts', content: json(statsResponse) }, ...errors(400, 401, 403, 503) },
      },
    },
    '/v1/moderation/comments/{id}': {
      get: {
        summary: 'A comment with its decision and full history (viewer)', security, parameters: [idParameter],
        responses: { '200': { description: 'the comment', content: json(moderationCommentResponse) }, ...errors(401, 403, 404, 503) },
      },
    },
    '/v1/moderation/comments/{id}/presence': {
      put: {
        summary: 'Say you have the comment open (repeat every 20 s while it is); answers who else has (viewer)', security, parameters: [idParameter],
        responses: { '200': { description: 'the other moderators seen in the last 60 s', content: json(presenceResponse) }, ...errors(401, 403, 404, 503) },
      },
      delete: {
        summary: 'Say you closed the comment (viewer)', security, parameters: [idParameter],
        responses: { '204': { description: 'no longer listed' }, ...errors(401, 403, 404, 503) },
      },
    },
    '/v1/moderation/comments/{id}/actions': {
      post: {
        summary: 'Approve, reject or hold a comment at the version you saw (moderator)', security, parameters: [idParameter],
        requestBody: { required: true, content: json(actionBody, 'input') },
        responses: { '200': { description: 'applied', content: json(actionResponse) }, ...errors(400, 401, 403, 404, 409, 415, 503) },
      },
    },
    '/v1/moderation/actions': {
      post: {
        summary: 'Several actions; one result per comment (moderator)', security,
        requestBody: { required: true, content: json(bulkActionBody, 'input') },
        responses: { '200': { description: 'per-comment results', content: json(bulkActionResponse) }, ...errors(400, 401, 403, 415, 503) },
      },
    },
    '/v1/moderation/me': {
      get: {
        summary: 'Who this moderator key belongs to: name, role and sites (viewer)', security,
        responses: { '200': { description: 'the moderator' }, ...errors(401, 503) },
      },
    },
    '/v1/rules/test': {
      post: {
        summary: 'The decision for one comment under the current and a candidate rule set; nothing is stored (admin)', security,
        requestBody: { required: true, content: json(rulesTestBody, 'input') },
        responses: { '200': { description: 'current and candidate decisions' }, ...errors(400, 401, 403, 413, 415) },
      },
    },
    '/v1/moderation/webhooks/deliveries': {
      get: {
        summary: "A site's webhook deliveries, newest first (admin)", security, parameters: queryParameters(deliveriesQuery),
        responses: { '200': { description: 'deliveries', content: json(deliveriesResponse) }, ...errors(400, 401, 403, 503) },
      },
    },
  };
}
