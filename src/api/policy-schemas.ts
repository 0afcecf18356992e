// Request and response shapes of the author, article and site policy routes
// under /v1/moderation, in zod; their OpenAPI paths come from these.
import { z } from 'zod';
import { authorIdSchema } from './comment-schemas';

const iso = z.iso.datetime({ offset: true }).describe('ISO 8601');
const siteName = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);

export const authorParams = z.object({ site: siteName, authorId: authorIdSchema }).strict();
export const articleParams = z.object({ site: siteName, articleId: z.string().min(1).max(200) }).strict();
export const siteParams = z.object({ site: siteName }).strict();

export const authorPolicyBody = z
  .object({
    mode: z.enum(['normal', 'premod', 'suspended', 'banned']).describe('premod: every comment held; suspended: rejected until `until`; banned: rejected'),
    until: iso.optional().describe('Required with suspended: when the suspension ends'),
    notes: z.string().max(5000).optional().describe("Moderators' notes about the author (kept when omitted)"),
  })
  .strict()
  .refine((b) => b.mode !== 'suspended' || b.until !== undefined, { message: 'suspended needs until', path: ['until'] });

export const articlePolicyBody = z
  .object({
    mode: z.enum(['open', 'premod', 'closed']).describe('closed: new comments get 409 article_closed'),
    closeAt: iso.nullable().optional().describe('Close the article at this time (null or omitted: no schedule)'),
  })
  .strict();

export const siteHoldBody = z.object({ holdAll: z.boolean().describe('Hold every new comment of the site for a moderator') }).strict();

export const auditEntry = z.object({
  at: z.string(), actor: z.string(), role: z.string(), change: z.record(z.string(), z.unknown()), previous: z.record(z.string(), z.unknown()).nullable(),
});

export const authorPolicyView = z.object({
  mode: z.enum(['normal', 'premod', 'suspended', 'banned']),
  until: z.string().nullable(),
  notes: z.string(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

export const authorResponse = z.object({
  site: z.string(),
  authorId: z.string(),
  policy: authorPolicyView,
  counts: z.object({ approve: z.number().int(), hold: z.number().int(), reject: z.number().int(), total: z.number().int() }).describe("By current status, over the author's latest 500 comments"),
  latest: z.array(z.object({ id: z.string(), status: z.enum(['approve', 'hold', 'reject']), articleId: z.string().nullable(), at: z.string(), text: z.string().nullable() })),
  audit: z.array(auditEntry).describe('Policy changes, newest first'),
});

export const articleResponse = z.object({
  site: z.string(), articleId: z.string(), mode: z.enum(['open', 'premod', 'closed']), closeAt: z.string().nullable(),
  effectiveMode: z.enum(['open', 'premod', 'closed']).describe('The mode now, with a scheduled close applied'),
  audit: z.array(auditEntry),
});

export const siteHoldResponse = z.object({ site: z.string(), holdAll: z.boolean(), audit: z.array(auditEntry) });
