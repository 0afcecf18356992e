// /openapi.json, generated from the same zod schemas that validate requests.
import { z } from 'zod';
import { decisionResponse, errorResponse, storedCommentResponse, submitCommentBody } from './comment-schemas';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'error', content: json(errorResponse) }]));

export function openApiDocument(extraPaths: Record<string, unknown> = {}): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Comment moderation service', version: '1' },
    components: {
      securitySchemes: {
        siteKey: { type: 'http', scheme: 'bearer', description: 'a site key (SITE_KEYS)' },
        moderatorKey: { type: 'http', scheme: 'bearer', description: 'a moderator key (MODERATOR_KEYS or `moderate keys`)' },
        // The Perspective-compatible endpoints take a site key the way Google APIs take theirs.
        perspectiveKey: { type: 'apiKey', in: 'query', name: 'key' },
        perspectiveHeaderKey: { type: 'apiKey', in: 'header', name: 'X-Goog-Api-Key' },
      },
    },
    security: [{ siteKey: [] }],
    paths: {
      '/v1/comments': {
        post: {
          summary: 'Moderate and store a comment',
          requestBody: { required: true, content: json(submitCommentBody, 'input') },
          responses: {
            '201': { description: 'stored, with its decision', content: json(decisionResponse) },
            '200': { description: 'a repeat of a stored externalId: the stored decision', content: json(decisionResponse) },
            ...errors(400, 401, 413, 415, 429, 503),
          },
        },
      },
      '/v1/comments/{id}': {
        get: {
          summary: 'A stored comment with its decision (own site only)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the comment', content: json(storedCommentResponse) }, ...errors(401, 404, 503) },
        },
      },
      '/healthz': {
        get: { summary: 'Liveness and database state', security: [], responses: { '200': { description: 'up' }, '503': { description: 'database down' } } },
      },
      ...extraPaths,
    },
  };
}
