// OpenAPI paths of the author, article and site policy routes (policy-schemas.ts)
// and of Coral's external moderation phase (coral/coral-contract.ts).
import { z } from 'zod';
import { errorResponse } from './comment-schemas';
import { coralRequest } from './coral/coral-contract';
import { articlePolicyBody, articleResponse, authorPolicyBody, authorResponse, siteHoldBody, siteHoldResponse } from './policy-schemas';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: 'error', content: json(errorResponse) }]));
const security = [{ moderatorKey: [] }];
const path = (...names: string[]) => names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));

function readAndSet(what: string, params: object[], body: z.ZodType, answer: z.ZodType): object {
  return {
    get: { summary: `${what} (viewer)`, security, parameters: params, responses: { '200': { description: what, content: json(answer) }, ...errors(400, 401, 403, 503) } },
    put: {
      summary: `Set ${what.toLowerCase()}; audited in the events collection (moderator)`, security, parameters: params,
      requestBody: { required: true, content: json(body, 'input') },
      responses: { '200': { description: `${what}, as now set`, content: json(answer) }, ...errors(400, 401, 403, 415, 503) },
    },
  };
}

export function policyApiPaths(): Record<string, unknown> {
  return {
    '/v1/moderation/authors/{site}/{authorId}': readAndSet("An author's policy, notes, record and audit", path('site', 'authorId'), authorPolicyBody, authorResponse),
    '/v1/moderation/articles/{site}/{articleId}': readAndSet("An article's mode and close schedule", path('site', 'articleId'), articlePolicyBody, articleResponse),
    '/v1/moderation/sites/{site}/hold': readAndSet("The site's hold-everything switch", path('site'), siteHoldBody, siteHoldResponse),
    '/v1/integrations/coral/{site}': {
      post: {
        summary: "Coral's external moderation phase: the comment is judged and stored (source coral); the answer is Coral's status and flags",
        security: [{ coralSignature: [] }], parameters: path('site'),
        requestBody: { required: true, content: json(coralRequest, 'input') },
        responses: {
          '200': {
            description: 'Coral\'s ExternalModerationResponse',
            content: {
              'application/json': {
                schema: {
                  type: 'object', required: ['status'],
                  properties: {
                    status: { enum: ['APPROVED', 'REJECTED', 'PREMOD', 'SYSTEM_WITHHELD'] },
                    actions: { type: 'array', items: { type: 'object', properties: { actionType: { const: 'FLAG' }, reason: { enum: ['COMMENT_DETECTED_TOXIC', 'COMMENT_DETECTED_SPAM'] } } } },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 413, 429, 503),
        },
      },
    },
  };
}
