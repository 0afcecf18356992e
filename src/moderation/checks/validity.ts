// Validity: text that is empty once normalised, or longer than the site allows.
import { z } from 'zod';
import { defineCheck } from '../check-module';
import type { Action, Reason } from '../types';

const action = z.enum(['approve', 'hold', 'reject']);

export const validityCheck = defineCheck({
  name: 'validity',
  schema: z
    .object({
      enabled: z.boolean().default(true),
      emptyAction: action.default('reject'),
      maxLength: z.number().int().positive().default(10_000),
      tooLongAction: action.default('hold'),
    })
    .strict()
    .prefault({}),
  compile: (config) => (ctx) => {
    if (!config.enabled) return { reasons: [] };
    const reasons: Reason[] = [];
    const push = (rule: string, act: Action, message: string, evidence: Reason['evidence']) =>
      reasons.push({ check: 'validity', rule, action: act, message, evidence });
    if (!/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(ctx.text.text)) {
      push('validity.empty', config.emptyAction, 'The comment has no letters, digits or emoji once invisible and decorative characters are removed.', {});
    }
    if (ctx.comment.text.length > config.maxLength) {
      push('validity.too_long', config.tooLongAction, `The comment is ${ctx.comment.text.length} characters long, over the limit of ${config.maxLength}.`, {
        count: ctx.comment.text.length,
        limit: config.maxLength,
      });
    }
    return { reasons };
  },
});
