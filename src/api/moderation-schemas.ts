// Request and response shapes of /v1/moderation, in zod; the OpenAPI paths
// are generated from these same schemas (moderation-openapi.ts).
import { z } from 'zod';
import { MODERATOR_CODES } from '../moderation/notice-rules';
import { reasonSchema, storedCommentResponse } from './comment-schemas';

const action = z.enum(['approve', 'hold', 'reject']);
const name = z.string().min(1).max(100);

/**
 * Queue statuses as moderators say them, mapped to the stored status. The
 * stored names (hold, reject, approve, which comments and decisions carry)
 * are accepted too, so a status copied from a comment works as a filter.
 */
export const QUEUE_STATUS = { held: 'hold', rejected: 'reject', approved: 'approve', hold: 'hold', reject: 'reject', approve: 'approve' } as const;

export const queueQuery = z
  .object({
    status: z.enum(['held', 'rejected', 'approved', 'hold', 'reject', 'approve']).default('held').describe('held, rejected or approved (hold, reject and approve, as stored, work too)'),
    site: name.optional(),
    check: name.optional().describe('Only comments with a reason from this check'),
    rule: name.optional().describe('Only comments with a reason from this rule id'),
    language: z.string().regex(/^([a-z]{2,3}|unknown)$/).optional().describe('Only comments detected in this language (ISO 639-1, or unknown); not with check or rule'),
    cursor: z.string().max(400).optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const statsQuery = z.object({ site: name.optional() }).strict();

export const deliveriesQuery = z
  .object({
    site: name,
    state: z.enum(['pending', 'delivered', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const actionFields = {
  action,
  expectedVersion: z.number().int().min(1).describe('The comment version the moderator saw'),
  note: z.string().max(2000).optional().describe('Free text for other moderators'),
  reason: z.string().max(100).optional().describe('Why, e.g. "spam", "toxic", "off_topic"; used to label feedback. Free text the codes do not name becomes code "other" with this text as the note to the author'),
  reasonCode: z.enum(MODERATOR_CODES).optional().describe("The code of the author's statement of reasons"),
};

export const actionBody = z.object(actionFields).strict();

export const bulkActionBody = z
  .object({ actions: z.array(z.object({ id: z.string().min(1).max(64), ...actionFields }).strict()).min(1).max(100) })
  .strict();

export const queueItem = z.object({
  id: z.string(),
  site: z.string(),
  name: z.string(),
  text: z.string(),
  articleId: z.string().optional(),
  articleUrl: z.string().optional(),
  status: action,
  decision: action,
  rules: z.array(z.string()).describe('"check:rule" of every reason, and "lang:<code>" for the detected language'),
  reasons: z.array(reasonSchema),
  version: z.number().int(),
  createdAt: z.string(),
  lastAction: z
    .object({ actor: z.string(), role: z.string(), action, at: z.string() })
    .optional()
    .describe("The latest moderator's action on the comment, when there was one (its note and reason are in the comment's history)"),
});

export const queueResponse = z.object({
  items: z.array(queueItem),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; also after the last page, to poll for newer comments'),
  hasMore: z.boolean(),
});

export const statsResponse = z.object({
  sites: z.array(z.object({ site: z.string(), held: z.number().int(), rejected: z.number().int(), approved: z.number().int() })),
  total: z.object({ held: z.number().int(), rejected: z.number().int(), approved: z.number().int() }),
});

export const historyEntry = z.object({
  kind: z.enum(['system', 'moderator', 'edit']).describe('edit: the site sent new text, judged again'),
  at: z.string(),
  version: z.number().int(),
  action,
  from: action.nullable(),
  to: action,
  actor: z.string().describe('"system" for the automatic decision'),
  role: z.string().nullable(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  reasonCode: z.string().optional().describe("The code of the author's statement of reasons, when the action had one"),
  rulesVersion: z.string(),
  state: z.enum(['applied', 'pending', 'void']),
  text: z.string().optional().describe('system and edit entries: the text that version had'),
  reasons: z.array(reasonSchema).optional().describe('system and edit entries: the reasons of that decision'),
  editedAt: z.string().optional(),
});

/** PUT /v1/moderation/comments/:id/presence: the other moderators with the comment open. */
export const presenceResponse = z.object({
  viewers: z.array(z.object({
    moderator: z.string(),
    role: z.enum(['viewer', 'moderator', 'admin']),
    /** Their last heartbeat; they count as looking for 60 s after it. */
    seenAt: z.string(),
  })),
});

export const moderationCommentResponse = z.object({
  comment: storedCommentResponse.extend({ rules: z.array(z.string()) }),
  decision: z.object({
    action,
    reasons: z.array(reasonSchema),
    scores: z.record(z.string(), z.number()),
    rulesVersion: z.string(),
    decidedAt: z.string(),
  }),
  history: z.array(historyEntry),
});

export const currentState = z.object({ id: z.string(), site: z.string(), status: action, version: z.number().int() });

export const actionResponse = z.object({ comment: currentState, event: historyEntry });

export const bulkActionResponse = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      status: z.number().int().describe('What the single action would have answered: 200, 404 or 409'),
      comment: currentState.optional(),
      event: historyEntry.optional(),
      error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }).optional(),
    }),
  ),
});

export const deliveryView = z.object({
  id: z.string(),
  site: z.string(),
  type: z.string(),
  commentId: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  log: z.array(z.object({ at: z.string(), status: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number() })),
});

export const deliveriesResponse = z.object({ deliveries: z.array(deliveryView) });
