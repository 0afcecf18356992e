// Rule-file sections for reader reports and appeals (src/moderation/notice-rules.ts).
import { z } from 'zod';
import { DEFAULT_APPEAL_RULES, DEFAULT_REPORT_RULES, REPORT_REASONS } from '../moderation/notice-rules';

const count = z.number().int().min(1).max(1000);

export const reportsSchema = z
  .object({
    holdAfter: count.default(DEFAULT_REPORT_RULES.holdAfter),
    holdAfterByReason: z.partialRecord(z.enum(REPORT_REASONS), count).default(DEFAULT_REPORT_RULES.holdAfterByReason),
  })
  .strict()
  .prefault({});

export const appealsSchema = z
  .object({
    enabled: z.boolean().default(DEFAULT_APPEAL_RULES.enabled),
    windowDays: z.number().int().min(1).max(3650).default(DEFAULT_APPEAL_RULES.windowDays),
  })
  .strict()
  .prefault({});
