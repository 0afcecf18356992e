// Request and response shapes of /v1/comments, in zod; /openapi.json is
// generated from these same schemas.
import { z } from 'zod';

/** A UTF-16 surrogate without its pair: it cannot be stored as UTF-8 and would come back as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A non-empty string of bounded length; objects, arrays, numbers and MongoDB operators are rejected. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, { message: 'must not be empty' })
    .refine((s) => !LONE_SURROGATE.test(s), { message: 'must be valid Unicode (it has an unpaired surrogate)' });

const optionalText = (max: number) => text(max).optional();

/** Letters, digits and . _ : @ + - only, so `<site>|<authorId>` ids and their ranges stay unambiguous. */
export const authorIdSchema = z.string().regex(/^[A-Za-z0-9._:@+-]{1,128}$/, 'must be 1-128 letters, digits or . _ : @ + -');
const editedAt = z.iso.datetime({ offset: true }).describe('ISO 8601');

export const submitCommentBody = z
  .object({
    name: text(200).describe('Author display name'),
    text: text(20_000).describe('Comment text as the reader wrote it'),
    articleId: optionalText(200),
    articleUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    email: z.email().max(320).optional(),
    ip: z.union([z.ipv4(), z.ipv6()]).optional(),
    userAgent: optionalText(1000),
    parentId: optionalText(200),
    externalId: optionalText(200).describe("The site's own comment id: a repeat returns the stored decision"),
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "en" or "pt-BR"').optional(),
    authorId: authorIdSchema.optional().describe("The site's own user id: author policies, history and new-commenter rules apply per site and authorId"),
    editedAt: editedAt.optional().describe('With a repeated externalId: the text is an edit made at this time, judged again'),
  })
  .strict();

/** PUT /v1/comments/:id: new text for a stored comment, judged again. */
export const editCommentBody = z
  .object({ text: text(20_000), name: text(200).optional(), editedAt: editedAt.optional() })
  .strict();

export type SubmitCommentBody = z.infer<typeof submitCommentBody>;

const action = z.enum(['approve', 'hold', 'reject']);

export const reasonSchema = z.object({
  check: z.string(),
  rule: z.string(),
  action,
  message: z.string(),
  evidence: z.object({
    spans: z
      .array(z.object({
        field: z.string(), start: z.number().int(), end: z.number().int(), text: z.string(), matched: z.string().optional(),
        truncated: z.literal(true).optional().describe('text (and matched) hold only the first 200 characters of a longer span'),
      }))
      .optional()
      .describe('The first few matched spans: at most 10 per reason and 30 per comment'),
    spanCount: z.number().int().optional().describe('How many spans the check found, when more than spans holds'),
    score: z.number().optional(),
    threshold: z.number().optional(),
    count: z.number().optional(),
    limit: z.number().optional(),
    windowSeconds: z.number().optional(),
    topFeatures: z.array(z.object({ feature: z.string(), weight: z.number() })).optional(),
  }),
});

export const decisionResponse = z.object({
  id: z.string(),
  externalId: z.string().optional(),
  decision: action.describe('The automatic decision'),
  status: action.describe('Current status: the decision until a moderator changes it'),
  reasons: z.array(reasonSchema),
  scores: z.record(z.string(), z.number()),
  rulesVersion: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  version: z.number().int().optional().describe('Moves with every moderator action and edit'),
  editedAt: z.string().optional().describe('When the text last changed (ISO 8601)'),
  edited: z.boolean().optional().describe('An edit (PUT, or a repeated externalId with editedAt): whether the text changed and was judged again'),
  detectedLanguage: z
    .object({ code: z.string().describe('ISO 639-1, or "unknown" for texts too short to tell'), confidence: z.number().describe('0-1: how far the best language is ahead of the next') })
    .optional()
    .describe('The language the engine detected; the language field is only a hint to it'),
});

export const checkResponse = z.object({
  decision: action,
  reasons: z.array(reasonSchema),
  scores: z.record(z.string(), z.number()),
  rulesVersion: z.string(),
});

export const storedCommentResponse = decisionResponse.extend({
  site: z.string(),
  name: z.string(),
  text: z.string(),
  articleId: z.string().optional(),
  articleUrl: z.string().optional(),
  email: z.string().optional(),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
  parentId: z.string().optional(),
  language: z.string().optional(),
  authorId: z.string().optional(),
  version: z.number().int(),
});

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});
