// OpenAPI paths of the Akismet- and Perspective-compatible endpoints. Their
// bodies follow those services' own formats (parsed by hand, not by our zod
// schemas), so the schemas here are written out; they describe what the
// adapters read and answer, and link to the originals.
import { ATTRIBUTE_SOURCES } from './attribute-scores';

const text = (description: string) => ({ 'text/plain': { schema: { type: 'string', description } } });

/** Akismet answers errors in its body (200) or 429 when the site is over its rate limit. */
const akismetResponses = (ok: string) => ({
  '200': { description: ok, content: text(ok) },
  '413': { description: 'body over the configured limit', content: text('the reason, also in X-akismet-debug-help') },
  '429': { description: 'the site is over its rate limit; Retry-After says when to retry', content: text('"rate limited"') },
});

const akismetForm = (required: string[]) => ({
  required: true,
  content: {
    'application/x-www-form-urlencoded': {
      schema: {
        type: 'object',
        required,
        properties: {
          api_key: { type: 'string', description: 'a site key (or as the first label of the host name: KEY.rest.akismet.com)' },
          blog: { type: 'string', description: 'the site address (required by Akismet; not stored)' },
          user_ip: { type: 'string' },
          user_agent: { type: 'string' },
          permalink: { type: 'string', description: 'the article URL' },
          comment_author: { type: 'string' },
          comment_author_email: { type: 'string' },
          comment_content: { type: 'string' },
          blog_lang: { type: 'string', description: 'the first tag is the comment language' },
          is_test: { type: 'string', description: '"1" or "true": judged, not stored' },
        },
      },
    },
  },
});

const attributeNames = Object.keys(ATTRIBUTE_SOURCES);

const perspectiveError = { description: 'error', content: { 'application/json': { schema: {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'integer' }, message: { type: 'string' }, status: { type: 'string' } } } },
} } } };
const perspectiveErrors = Object.fromEntries([400, 403, 413, 429, 503].map((code) => [String(code), perspectiveError]));
const perspectiveSecurity = [{ perspectiveKey: [] }, { perspectiveHeaderKey: [] }];

const perspectiveRequest = (extra: object) => ({
  required: true,
  content: { 'application/json': { schema: {
    type: 'object',
    required: ['comment'],
    properties: {
      comment: { type: 'object', required: ['text'], properties: { text: { type: 'string', description: 'at most 20 KB of UTF-8' } } },
      languages: { type: 'array', items: { type: 'string' } },
      clientToken: { type: 'string' },
      ...extra,
    },
  } } },
});

export function compatApiPaths(): Record<string, unknown> {
  return {
    '/1.1/verify-key': {
      post: {
        summary: 'Akismet: whether the key is a site key', tags: ['akismet'], security: [],
        requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { key: { type: 'string' }, api_key: { type: 'string' } } } } } },
        responses: { '200': { description: '"valid" or "invalid"', content: text('"valid" or "invalid"') } },
      },
    },
    '/1.1/comment-check': {
      post: {
        summary: 'Akismet: moderate and store a comment; "true" unless approved', tags: ['akismet'], security: [],
        externalDocs: { url: 'https://akismet.com/developers/detailed-docs/comment-check/' },
        requestBody: akismetForm(['blog', 'user_ip', 'comment_content']),
        responses: akismetResponses('"true" (held or rejected; X-akismet-pro-tip: discard when rejected), "false" (approved), "invalid" (bad key) or a missing-field message'),
      },
    },
    '/1.1/submit-spam': {
      post: {
        summary: 'Akismet: record the comment as spam feedback', tags: ['akismet'], security: [],
        requestBody: akismetForm(['blog', 'user_ip', 'comment_content']),
        responses: akismetResponses('"Thanks for making the web a better place."'),
      },
    },
    '/1.1/submit-ham': {
      post: {
        summary: 'Akismet: record the comment as ham feedback', tags: ['akismet'], security: [],
        requestBody: akismetForm(['blog', 'user_ip', 'comment_content']),
        responses: akismetResponses('"Thanks for making the web a better place."'),
      },
    },
    '/v1alpha1/comments:analyze': {
      post: {
        summary: "Perspective: attribute scores under the site's rules; nothing is stored", tags: ['perspective'], security: perspectiveSecurity,
        externalDocs: { url: 'https://developers.perspectiveapi.com/s/about-the-api-methods' },
        requestBody: perspectiveRequest({
          requestedAttributes: { type: 'object', propertyNames: { enum: attributeNames }, additionalProperties: { type: 'object', properties: { scoreThreshold: { type: 'number' } } } },
          spanAnnotations: { type: 'boolean' },
          doNotStore: { type: 'boolean', description: 'accepted; analyze never stores' },
        }),
        responses: { '200': { description: 'attributeScores, languages (requested, else detected), detectedLanguages, clientToken; an attribute the language lacks answers 400 with details[].errorType LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE', content: { 'application/json': { schema: { type: 'object' } } } }, ...perspectiveErrors },
      },
    },
    '/v1alpha1/comments:suggestscore': {
      post: {
        summary: 'Perspective: keep suggested scores as feedback for retraining', tags: ['perspective'], security: perspectiveSecurity,
        requestBody: perspectiveRequest({ attributeScores: { type: 'object', additionalProperties: { type: 'object', properties: { summaryScore: { type: 'object', properties: { value: { type: 'number', minimum: 0, maximum: 1 } } } } } } }),
        responses: { '200': { description: 'requestedLanguages, clientToken', content: { 'application/json': { schema: { type: 'object' } } } }, ...perspectiveErrors },
      },
    },
  };
}
