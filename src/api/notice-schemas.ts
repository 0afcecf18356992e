// Request and response shapes of reader reports, appeals and statements of
// reasons, in zod; notice-openapi.ts describes the routes from these same schemas.
import { z } from 'zod';
import { MODERATOR_CODES, REPORT_REASONS } from '../moderation/notice-rules';
import { queueItem } from './moderation-schemas';

const text = (max: number) => z.string().trim().min(1).max(max);

export const legalNotice = z
  .object({
    law: text(300).describe('The law or provision the content breaks, e.g. "§ 130 StGB (Volksverhetzung)"'),
    explanation: text(5000).describe('Why the comment is illegal under it'),
    goodFaith: z.literal(true).describe('The reporter confirms the notice is accurate and complete, in good faith (DSA Art. 16(2)(d))'),
  })
  .strict();

export const reportBody = z
  .object({
    reason: z.enum(REPORT_REASONS),
    reporterId: text(200).describe("The site's own id of the reader reporting; stored only as a digest"),
    note: text(2000).optional(),
    legal: legalNotice.optional().describe('Required when reason is "illegal"'),
  })
  .strict()
  .refine((b) => b.reason !== 'illegal' || b.legal !== undefined, { path: ['legal'], message: 'an "illegal" report names the law and explains (legal)' });

export const reportResponse = z.object({
  id: z.string(),
  commentId: z.string(),
  reason: z.enum(REPORT_REASONS),
  state: z.enum(['open', 'upheld', 'dismissed']),
  createdAt: z.string(),
});

export const statementSchema = z.object({
  id: z.string(),
  commentId: z.string(),
  site: z.string(),
  decision: z.enum(['hold', 'reject']),
  code: z.string().describe('The rule id (profanity.slur), the moderator code (threat), or reports.threshold'),
  note: z.string().nullable().describe("The moderator's words to the author, when given"),
  facts: z.object({
    reasons: z.array(z.object({ rule: z.string(), message: z.string(), spans: z.array(z.object({ field: z.string(), start: z.number(), end: z.number() })) })),
    reports: z.object({ count: z.number().int(), reasons: z.array(z.enum(REPORT_REASONS)) }).nullable(),
  }),
  source: z.enum(['automated', 'notice', 'moderator']),
  automatedDetection: z.boolean(),
  automatedDecision: z.boolean(),
  ground: z.object({ kind: z.enum(['terms', 'illegal_content']), explanation: z.string() }),
  appeal: z.object({ available: z.boolean(), until: z.string().nullable(), how: z.string() }),
  decidedAt: z.string(),
});

export const appealBody = z
  .object({ statement: text(5000).optional().describe("The author's words, passed on by the site") })
  .strict();

export const appealDecision = z.object({
  actor: z.string(), outcome: z.enum(['uphold', 'reverse']), code: z.string(), note: z.string().nullable(), at: z.string(), to: z.string(),
});

export const appealResponse = z.object({
  id: z.string(),
  commentId: z.string(),
  version: z.number().int().describe('The comment version appealed against'),
  against: z.enum(['hold', 'reject', 'approve']),
  state: z.enum(['open', 'upheld', 'reversed']),
  createdAt: z.string(),
  decision: appealDecision.nullable(),
});

export const appealDecisionBody = z
  .object({
    version: z.number().int().min(1).describe('The comment version the appeal is against'),
    outcome: z.enum(['uphold', 'reverse']).describe('uphold keeps the decision; reverse publishes the comment'),
    code: z.enum(MODERATOR_CODES),
    note: text(2000).optional().describe('Words to the author'),
  })
  .strict();

export const noticeQueueQuery = z
  .object({
    site: z.string().min(1).max(100).optional(),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const reportView = z.object({
  reporter: z.string().describe('A digest of the reader id: the same reader gives the same digest on one site'),
  reason: z.enum(REPORT_REASONS),
  note: z.string().nullable(),
  legal: legalNotice.nullable(),
  state: z.enum(['open', 'upheld', 'dismissed']),
  muted: z.boolean().describe('A moderator muted this reporter: the report is kept but not counted'),
  dismissedBefore: z.number().int().describe("How many of this reporter's reports on the site moderators have dismissed"),
  createdAt: z.string(),
});

export const reportedItem = z.object({
  comment: queueItem,
  reports: z.object({ open: z.number().int(), counted: z.number().int(), byReason: z.record(z.string(), z.number().int()), items: z.array(reportView) }),
});

export const appealedItem = z.object({ comment: queueItem, appeal: appealResponse.extend({ decidedBy: z.string(), statement: z.string().nullable() }) });

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable(), hasMore: z.boolean() });
export const reportedResponse = page(reportedItem);
export const appealedResponse = page(appealedItem);

export const noticeCountsResponse = z.object({
  reported: z.number().int().describe('Comments on the reported queue (counted up to 1,000)'),
  appealed: z.number().int().describe('Open appeals (counted up to 1,000)'),
});

export const muteBody = z
  .object({ site: z.string().min(1).max(100), reporter: z.string().regex(/^[0-9a-f]{32}$/), muted: z.boolean().default(true) })
  .strict();
