// Dehumanisation of a protected group, found by an explicit grammar
// (src/moderation/harm/dehumanisation.ts): comparisons with vermin, animals,
// disease, denial of humanity, calls to exclude the group, and blanket
// contempt for it. The groups
// and their word forms are a rule-file list. Negated, quoted and reported or
// condemned statements ("Saying immigrants are vermin is disgusting") do not
// count. The reason quotes the words.
import { z } from 'zod';
import { defineCheck } from '../check-module';
import { actionSchema, compileGroups, findingReason, listsSchema } from '../harm/reasons';
import { analyseHarm } from '../harm/analysis';
import type { DehumanisationKind } from '../harm/dehumanisation';
import type { Reason } from '../types';

const NO_REASONS = { reasons: [] as Reason[] };

const DESCRIPTIONS: Record<DehumanisationKind, string> = {
  comparison: 'Dehumanises a protected group',
  exclusion: 'Calls for a protected group to be excluded',
  derogation: 'Holds a whole protected group in contempt',
};

export const dehumanisationCheck = defineCheck({
  name: 'dehumanisation',
  schema: z
    .object({
      /** Off unless the rule file turns it on (rules/default.yaml does): it needs the group lists. */
      enabled: z.boolean().default(false),
      ...listsSchema,
      comparison: z.object({ rule: z.string().default('dehumanisation.comparison'), action: actionSchema.default('reject') }).strict().prefault({}),
      exclusion: z.object({ rule: z.string().default('dehumanisation.exclusion'), action: actionSchema.default('hold') }).strict().prefault({}),
      /** Blanket contempt ("Immigrants are criminals"): held for a person, since a stereotype is not always a slur. */
      derogation: z.object({ rule: z.string().default('dehumanisation.derogation'), action: actionSchema.default('hold') }).strict().prefault({}),
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
          const r = config[f.kind];
          const describe = DESCRIPTIONS[f.kind];
          if (r.action !== 'approve') reasons.push(findingReason('dehumanisation', r.rule, r.action, ctx.text, s, f, describe));
        }
      }
      return reasons.length ? { reasons } : NO_REASONS;
    };
  },
});
