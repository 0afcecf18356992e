// /openapi.json, generated from the same zod schemas that validate requests.
import { z } from 'zod';
import { checkResponse, decisionResponse, editCommentBody, errorResponse, storedCommentResponse, submitCommentBody } from './comment-schemas';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'error', content: json(errorResponse) }]));

/** Paths from several modules, one path's methods joined (one module documents GET, another PUT). */
function joinPaths(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [path, methods] of Object.entries(extra)) out[path] = { ...(out[path] as object | undefined), ...(methods as object) };
  return out;
}

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
        // Coral signs its external moderation requests: sha256=<HMAC-SHA256 of the raw body>, one per active secret.
        coralSignature: { type: 'apiKey', in: 'header', name: 'X-Coral-Signature' },
      },
    },
    security: [{ siteKey: [] }],
    paths: joinPaths({
      '/v1/comments': {
        post: {
          summary: 'Moderate and store a comment',
          requestBody: { required: true, content: json(submitCommentBody, 'input') },
          responses: {
            '201': { description: 'stored, with its decision', content: json(decisionResponse) },
            '200': { description: 'a repeat of a stored externalId: the stored decision, or with editedAt and new text the edit judged again (`edited: true`)', content: json(decisionResponse) },
            ...errors(400, 401, 409, 413, 415, 429, 503),
          },
        },
      },
      '/v1/comments/{id}': {
        get: {
          summary: 'A stored comment with its decision (own site only)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the comment', content: json(storedCommentResponse) }, ...errors(401, 404, 503) },
        },
        put: {
          summary: 'New text for a stored comment: judged again, stored as a new version with its decision (own site only)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: json(editCommentBody, 'input') },
          responses: { '200': { description: 'the decision on the new text (`edited: false` when the text was the same or the edit older)', content: json(decisionResponse) }, ...errors(400, 401, 404, 409, 413, 415, 429, 503) },
        },
      },
      '/v1/comments:check': {
        post: {
          summary: 'The decision and reasons a comment would get, with its author, article and site policies; nothing is stored',
          requestBody: { required: true, content: json(submitCommentBody, 'input') },
          responses: { '200': { description: 'the decision', content: json(checkResponse) }, ...errors(400, 401, 409, 413, 415, 429, 503) },
        },
      },
      '/healthz': {
        get: { summary: 'Liveness and database state', security: [], responses: { '200': { description: 'up' }, '503': { description: 'database down' } } },
      },
    }, extraPaths),
  };
}
