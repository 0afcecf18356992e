// Profanity: list words in the comment text and the author name, on word
// boundaries of the profanity skeleton, so leetspeak, spacing, repeats,
// masking, homoglyphs and invisible characters do not hide them.
//
// Tiers are checked in order (the first is the strongest); each has its own
// rule id, action and word lists. Words the writer masked themselves
// ("f*ck", "sh**") get the masked rule and action instead.
//
// Scores: `profanity` is the number of profane words found (text and name).
import { z } from 'zod';
import { defineCheck, type RuleResources } from '../check-module';
import { quoted } from '../evidence-caps';
import { badWordsList } from '../profanity/bad-words-list';
import { findProfanity, type Finding } from '../profanity/find-profanity';
import { entriesFromWords, parseList, type ListEntry } from '../profanity/lists';
import { ALLOW, WordMatcher } from '../profanity/word-matcher';
import type { Action, EvidenceField, Reason, Span } from '../types';

const action = z.enum(['approve', 'hold', 'reject']);

const tierSchema = z
  .object({
    /** Shown in messages: "Contains the severe profanity ...". */
    name: z.string().min(1),
    rule: z.string().min(1),
    action,
    /** Word-list files, relative to the rules directory. */
    lists: z.array(z.string().min(1)).default([]),
    /** Add the word list of the bad-words package to this tier. */
    badWords: z.boolean().default(false),
  })
  .strict();

const schema = z
  .object({
    enabled: z.boolean().default(true),
    /** Strongest first. Without tiers the check finds nothing. */
    tiers: z.array(tierSchema).default([]),
    /** Innocent words and phrases that contain listed ones (Scunthorpe, Dick Van Dyke). */
    allowLists: z.array(z.string().min(1)).default([]),
    /** Words the writer masked ("f*ck", "b****"): a softer rule than the tier's own. */
    masked: z
      .object({ rule: z.string().min(1).default('profanity.masked'), action: action.default('hold') })
      .strict()
      .prefault({}),
    checkName: z.boolean().default(true),
  })
  .strict()
  .prefault({});

type ProfanityConfig = z.output<typeof schema>;

function buildMatcher(config: ProfanityConfig, resources: RuleResources): WordMatcher {
  const lists: Array<{ tier: number; entries: ListEntry[] }> = [];
  config.tiers.forEach((tier, index) => {
    for (const file of tier.lists) lists.push({ tier: index, entries: parseList(resources.readText(file)) });
    if (tier.badWords) lists.push({ tier: index, entries: entriesFromWords(badWordsList()) });
  });
  for (const file of config.allowLists) lists.push({ tier: ALLOW, entries: parseList(resources.readText(file)) });
  return new WordMatcher(lists);
}

function reasonsFor(findings: Finding[], field: EvidenceField, config: ProfanityConfig): Reason[] {
  // One reason per rule and word, with every place it occurs.
  const groups = new Map<string, { finding: Finding; spans: Span[] }>();
  for (const f of findings) {
    const key = `${f.masked ? 'masked' : f.tier}\0${f.word}`;
    const span: Span = { field, start: f.start, end: f.end, text: f.text, matched: f.word };
    const group = groups.get(key);
    if (group) group.spans.push(span);
    else groups.set(key, { finding: f, spans: [span] });
  }
  const where = field === 'name' ? 'The author name contains' : 'Contains';
  return [...groups.values()].map(({ finding, spans }) => {
    const tier = config.tiers[finding.tier]!;
    const times = spans.length > 1 ? ` (${spans.length} times)` : '';
    const kind = finding.masked ? `masked ${tier.name} profanity` : `${tier.name} profanity`;
    const rule: string = finding.masked ? config.masked.rule : tier.rule;
    const act: Action = finding.masked ? config.masked.action : tier.action;
    return {
      check: 'profanity',
      rule,
      action: act,
      message: `${where} the ${kind} "${quoted(finding.text)}" (matched "${finding.word}")${times}.`,
      evidence: { spans },
    };
  });
}

export const profanityCheck = defineCheck({
  name: 'profanity',
  schema,
  compile: (config, resources) => {
    if (!config.enabled || config.tiers.length === 0) return () => ({ reasons: [] });
    const matcher = buildMatcher(config, resources);
    return (ctx) => {
      const inText = findProfanity(ctx.text, matcher);
      const inName = config.checkName ? findProfanity(ctx.name, matcher) : [];
      if (inText.length === 0 && inName.length === 0) return { reasons: [], scores: { profanity: 0 } };
      return {
        reasons: [...reasonsFor(inText, 'text', config), ...reasonsFor(inName, 'name', config)],
        scores: { profanity: inText.length + inName.length },
      };
    };
  },
});
