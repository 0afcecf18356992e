// Profanity: list words in the comment text and the author name, on word
// boundaries of the profanity skeleton, so leetspeak, spacing, repeats,
// masking, homoglyphs and invisible characters do not hide them.
//
// Tiers are checked in order (the first is the strongest); each has its own
// rule id, action and word lists. Words the writer masked themselves
// ("f*ck", "sh**") get the masked rule and action instead.
//
// Other languages add their lists to the tiers (`languages`), chosen by the
// language the engine detected.
//
// Scores: `profanity` is the number of profane words found (text and name).
import { z } from 'zod';
import { defineCheck, type RuleResources } from '../check-module';
import { quoted } from '../evidence-caps';
import { badWordsList } from '../profanity/bad-words-list';
import { findProfanity, type Finding } from '../profanity/find-profanity';
import { entriesFromWords, parseList, type ListEntry } from '../profanity/lists';
import { ALLOW, WordMatcher } from '../profanity/word-matcher';
import { UNKNOWN, type LanguageGuess } from '../language/detect';
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
    /**
     * Word lists of other languages, by language code: for each tier (by its
     * name) the list files, and the language's own allow lists. A comment
     * detected in a language is matched against the tiers' lists plus that
     * language's (English lists still apply: comments mix languages); one too
     * short to tell against the lists of the site's language field, or of
     * every language without it, as is one in a language with no lists.
     */
    languages: z
      .record(
        z.string().regex(/^[a-z]{2,3}$/, 'must be a language code like "de"'),
        z.object({ lists: z.record(z.string(), z.array(z.string().min(1))).default({}), allowLists: z.array(z.string().min(1)).default([]) }).strict(),
      )
      .default({}),
  })
  .strict()
  .prefault({});

type ProfanityConfig = z.output<typeof schema>;

type TierLists = Array<{ tier: number; entries: ListEntry[] }>;

function baseLists(config: ProfanityConfig, resources: RuleResources): TierLists {
  const lists: TierLists = [];
  config.tiers.forEach((tier, index) => {
    for (const file of tier.lists) lists.push({ tier: index, entries: parseList(resources.readText(file)) });
    if (tier.badWords) lists.push({ tier: index, entries: entriesFromWords(badWordsList()) });
  });
  for (const file of config.allowLists) lists.push({ tier: ALLOW, entries: parseList(resources.readText(file)) });
  return lists;
}

function languageLists(config: ProfanityConfig, code: string, resources: RuleResources): TierLists {
  const language = config.languages[code]!;
  const lists: TierLists = [];
  for (const [tierName, files] of Object.entries(language.lists)) {
    const tier = config.tiers.findIndex((t) => t.name === tierName);
    if (tier < 0) throw new Error(`languages.${code}.lists: "${tierName}" is not the name of a tier (${config.tiers.map((t) => t.name).join(', ')})`);
    for (const file of files) lists.push({ tier, entries: parseList(resources.readText(file)) });
  }
  for (const file of language.allowLists) lists.push({ tier: ALLOW, entries: parseList(resources.readText(file)) });
  return lists;
}

interface Matchers {
  /** The tiers' own lists: English, and a language without lists of its own. */
  base: WordMatcher;
  /** The tiers' lists plus one language's. */
  byLanguage: ReadonlyMap<string, WordMatcher>;
  /** The tiers' lists plus every language's word lists (not their allow lists): a text too short to tell. */
  every: WordMatcher;
}

function buildMatchers(config: ProfanityConfig, resources: RuleResources): Matchers {
  const base = baseLists(config, resources);
  const own = new Map(Object.keys(config.languages).map((code) => [code, languageLists(config, code, resources)]));
  const byLanguage = new Map([...own].map(([code, lists]) => [code, new WordMatcher([...base, ...lists])]));
  const baseMatcher = new WordMatcher(base);
  // Every language's words, but only the tiers' own allow lists: another
  // language's innocent word ("paki", Polish for packs) must not excuse a slur.
  const everyLists = [...own.values()].flat().filter((l) => l.tier !== ALLOW);
  return { base: baseMatcher, byLanguage, every: own.size === 0 ? baseMatcher : new WordMatcher([...base, ...everyLists]) };
}

/**
 * The lists for the detected language. A text too short to tell gets the
 * hint's lists, else every language's; so does a language without lists of
 * its own: evasive spellings ("k a n k e r l i j e r") read as some language
 * nobody listed, and a comment in Catalan swears in Spanish words.
 */
function matcherFor(m: Matchers, language: LanguageGuess | undefined): WordMatcher {
  if (!language || language.code === 'en') return m.base;
  const own = m.byLanguage.get(language.code);
  if (own) return own;
  return (language.code === UNKNOWN && language.hint !== undefined ? m.byLanguage.get(language.hint) : undefined) ?? m.every;
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
    const matchers = buildMatchers(config, resources);
    return (ctx) => {
      const matcher = matcherFor(matchers, ctx.language);
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
