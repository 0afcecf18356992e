// Direct threats, found by an explicit grammar (src/moderation/harm/threats.ts):
// the speaker's intent to harm someone, telling someone to kill themselves,
// wishing someone dead, calls for violence against a person or a group.
// Negated, quoted and reported threats do not count. The reason quotes the
// words. No corpus here labels threats, so this is a rule, not a model; the
// `threat` score is the probability its finding stands for (see scores).
import { z } from 'zod';
import { defineCheck } from '../check-module';
import { compileGroups, findingReason, listsSchema, actionSchema } from '../harm/reasons';
import { analyseHarm } from '../harm/analysis';
import type { ThreatKind } from '../harm/threats';
import type { Reason } from '../types';

const DESCRIPTIONS: Record<ThreatKind, { rule: string; text: string }> = {
  intent: { rule: 'threat.intent', text: 'A threat to harm someone' },
  'self-harm': { rule: 'threat.self_harm', text: 'Tells someone to harm themselves' },
  'death-wish': { rule: 'threat.death_wish', text: 'Wishes or promises someone death' },
  'call-for-violence': { rule: 'threat.call_for_violence', text: 'Calls for violence against a person or group' },
};

export const threatCheck = defineCheck({
  name: 'threat',
  schema: z
    .object({
      /** Off unless the rule file turns it on (rules/default.yaml does): it needs the group lists. */
      enabled: z.boolean().default(false),
      ...listsSchema,
      action: actionSchema.default('reject'),
      /**
       * The `threat` score: the share of findings that were threats, and of
       * comments without a finding that were, in the threat sentences of
       * tests/fixtures/harm-suite (dev part).
       */
      score: z.object({ found: z.number().min(0).max(1), notFound: z.number().min(0).max(1) }).strict().default({ found: 0.97, notFound: 0.02 }),
    })
    .strict()
    .prefault({}),
  compile: (config, resources) => {
    if (!config.enabled) return () => ({ reasons: [] });
    const groups = compileGroups(resources, config.groups, config.people);
    const none = { reasons: [] as Reason[], scores: { threat: config.score.notFound } };
    return (ctx) => {
      const reasons: Reason[] = [];
      for (const { sentence: s, threats } of analyseHarm(ctx.text, groups)) {
        for (const f of threats) {
          const d = DESCRIPTIONS[f.kind];
          reasons.push(findingReason('threat', d.rule, config.action, ctx.text, s, f, d.text));
        }
      }
      return reasons.length ? { reasons, scores: { threat: config.score.found } } : none;
    };
  },
});
