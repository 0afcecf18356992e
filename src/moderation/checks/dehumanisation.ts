// Dehumanisation of a protected group, found by an explicit grammar
// (src/moderation/harm/dehumanisation.ts): comparisons with vermin, animals,
// disease, denial of humanity, and calls to exclude the group. The groups
// and their word forms are a rule-file list. Negated, quoted and reported or
// condemned statements ("Saying immigrants are vermin is disgusting") do not
// count. The reason quotes the words.
import { z } from 'zod';
import { defineCheck } from '../check-module';
import { actionSchema, compileGroups, findingReason, listsSchema } from '../harm/reasons';
import { analyseHarm } from '../harm/analysis';
import type { Reason } from '../types';

const NO_REASONS = { reasons: [] as Reason[] };

export const dehumanisationCheck = defineCheck({
  name: 'dehumanisation',
  schema: z
    .object({
      /** Off unless the rule file turns it on (rules/default.yaml does): it needs the group lists. */
      enabled: z.boolean().default(false),
      ...listsSchema,
      comparison: z.object({ rule: z.string().default('dehumanisation.comparison'), action: actionSchema.default('reject') }).strict().prefault({}),
      exclusion: z.object({ rule: z.string().default('dehumanisation.exclusion'), action: actionSchema.default('hold') }).strict().prefault({}),
    })
    .strict()
    .prefault({}),
  compile: (config, resources) => {
    if (!config.enabled) return () => ({ reasons: [] });
    const groups = compileGroups(resources, config.groups, config.people);
    return (ctx) => {
      const reasons: Reason[] = [];
      for (const { sentence: s, dehumanisation } of analyseHarm(ctx.text, groups)) {
        for (const f of dehumanisation) {
          const r = f.kind === 'comparison' ? config.comparison : config.exclusion;
          const describe = f.kind === 'comparison' ? 'Dehumanises a protected group' : 'Calls for a protected group to be excluded';
          if (r.action !== 'approve') reasons.push(findingReason('dehumanisation', r.rule, r.action, ctx.text, s, f, describe));
        }
      }
      return reasons.length ? { reasons } : NO_REASONS;
    };
  },
});
