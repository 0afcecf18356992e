// The threat and dehumanisation grammars' reading of one comment, done once:
// the threat check, the dehumanisation check and the classifier's
// counter-speech guard all ask for it, so it is remembered per prepared
// comment and group list.
import type { NormalizedText } from '../types';
import { findDehumanisation, type DehumanisationKind } from './dehumanisation';
import type { GroupMatcher } from './groups';
import { mayHoldHarm } from './prefilter';
import { harmSentences, type HarmSentence } from './sentences';
import { findThreats, type Finding, type ThreatKind } from './threats';

export interface SentenceFindings {
  sentence: HarmSentence;
  threats: Finding<ThreatKind>[];
  dehumanisation: Finding<DehumanisationKind>[];
  /** Matches a negation, quotation or report kept from counting. */
  guarded: number;
}

const NONE: SentenceFindings[] = [];
const memo = new WeakMap<NormalizedText, { groups: GroupMatcher; findings: SentenceFindings[] }>();

export function analyseHarm(text: NormalizedText, groups: GroupMatcher): SentenceFindings[] {
  if (!mayHoldHarm(text)) return NONE;
  const known = memo.get(text);
  if (known && known.groups === groups) return known.findings;
  const findings: SentenceFindings[] = [];
  for (const sentence of harmSentences(text)) {
    const guardedThreats: Finding<ThreatKind>[] = [];
    const guardedOther: Finding<DehumanisationKind>[] = [];
    const threats = findThreats(sentence, groups, guardedThreats);
    const dehumanisation = findDehumanisation(sentence, groups, guardedOther);
    const guarded = guardedThreats.length + guardedOther.length;
    if (threats.length + dehumanisation.length + guarded > 0) findings.push({ sentence, threats, dehumanisation, guarded });
  }
  memo.set(text, { groups, findings });
  return findings;
}
