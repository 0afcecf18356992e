// Shared by the threat and dehumanisation checks: reading the group lists,
// and turning a finding into a reason that quotes the reader's words.
import { z } from 'zod';
import { identityTermsOf, parseGroupList } from '../../classifier/identity-terms';
import type { RuleResources } from '../check-module';
import type { Action, NormalizedText, Reason } from '../types';
import { groupMatcher, type GroupMatcher } from './groups';
import type { HarmSentence } from './sentences';
import type { Finding } from './threats';

export const actionSchema = z.enum(['approve', 'hold', 'reject']);

export const listsSchema = {
  /** Protected groups and their word forms. */
  groups: z.string().min(1).default('lists/protected-groups.txt'),
  /** Words for people after a group's name ("gay people"). */
  people: z.string().min(1).default('lists/people-nouns.txt'),
};

// One matcher per list content, so the checks that read the same lists share
// it (and with it the remembered reading of each comment, see analysis.ts).
const matchers = new Map<string, GroupMatcher>();

export function compileGroups(resources: RuleResources, groupsFile: string, peopleFile: string): GroupMatcher {
  const key = `${resources.readText(groupsFile)}\u0000${resources.readText(peopleFile)}`;
  const known = matchers.get(key);
  if (known) return known;
  let forms: string[];
  try {
    forms = identityTermsOf(parseGroupList(resources.readText(groupsFile)));
  } catch (err) {
    throw new Error(`"${groupsFile}": ${(err as Error).message}`);
  }
  const people = resources
    .readText(peopleFile)
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim().toLowerCase())
    .filter(Boolean);
  const matcher = groupMatcher(forms, people);
  if (matchers.size > 16) matchers.delete(matchers.keys().next().value!);
  matchers.set(key, matcher);
  return matcher;
}

/** The original text's [start, end) for words [from, to) of a sentence. */
export function originalRange(text: NormalizedText, s: HarmSentence, f: Finding): [number, number] {
  const start = text.toOriginal[s[f.from]!.start]!;
  const end = text.toOriginal[s[f.to - 1]!.end] ?? text.original.length;
  return [start, end];
}

export function findingReason(check: string, rule: string, action: Action, text: NormalizedText, s: HarmSentence, f: Finding, describe: string): Reason {
  const [start, end] = originalRange(text, s, f);
  const quote = text.original.slice(start, end);
  return {
    check,
    rule,
    action,
    message: `${describe}: "${quote}".`,
    evidence: { spans: [{ field: 'text', start, end, text: quote }] },
  };
}
