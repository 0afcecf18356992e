// The rule file's shape, assembled from each check's own schema so a check
// and its settings live in one file.
import { z } from 'zod';
import { CHECKS } from '../moderation/checks';
import { appealsSchema, reportsSchema } from './notice-schema';
import { languageRulesSchema } from '../moderation/language/language-rules';

const action = z.enum(['approve', 'hold', 'reject']);

const checkSchemas = Object.fromEntries(CHECKS.map((c) => [c.name, c.schema])) as {
  [K in (typeof CHECKS)[number] as K['name']]: K['schema'];
};

export const checksSchema = z.object(checkSchemas).strict().prefault({});

export const ruleFileSchema = z
  .object({
    /** Free text shown in logs and replay reports. */
    description: z.string().optional(),
    policy: z
      .object({
        stopOnReject: z.boolean().default(true),
        maxActionByCheck: z.record(z.string(), action).default({}),
        /** Rejects that stand only when a score confirms them (see ConfirmReject in src/moderation/policy.ts). */
        confirmRejects: z
          .array(
            z
              .object({
                rule: z.string().min(1),
                words: z.array(z.string().min(1).transform((w) => w.toLowerCase())).default([]),
                score: z.string().min(1),
                atLeast: z.number().min(0).max(1),
                otherwise: z.enum(['approve', 'hold']).default('hold'),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
    checks: checksSchema,
    /** Language detection, the languages a site accepts, and per-language changes to the checks. */
    languages: languageRulesSchema,
    /** Rules about authors (see src/moderation/standing.ts); a comment without authorId is not concerned. */
    authors: z
      .object({
        newCommenters: z.object({ holdFirst: z.number().int().min(0).max(100).default(0) }).strict().prefault({}),
        repeatOffenders: z
          .object({ rejects: z.number().int().min(1).max(1000), withinDays: z.number().min(1).max(3650), action: z.enum(['hold', 'reject']).default('hold') })
          .strict()
          .nullable()
          .default(null),
      })
      .strict()
      .prefault({}),
    /** How long comments keep their personal data; unset keeps them. Applied hourly by the service (src/service/retention.ts). */
    retention: z
      .object({
        days: z.number().int().positive().max(36500),
        /** anonymise: keep the comment, decision and events, without names, text, emails, IPs. delete: remove the comment. */
        mode: z.enum(['anonymise', 'delete']).default('anonymise'),
      })
      .strict()
      .optional(),
    /** Reader reports (notice and action): how many counted reports move a published comment to hold. */
    reports: reportsSchema,
    /** Authors' appeals against a hold or reject (DSA Art. 20); off unless the site must offer them. */
    appeals: appealsSchema,
  })
  .strict();

export type RuleFile = z.output<typeof ruleFileSchema>;
