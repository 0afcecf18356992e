// Sentences that quote or condemn harm rather than do it: the threat or
// dehumanisation grammar matched their words, but a negation, quotation or
// report kept the match from counting ("Saying immigrants are vermin is
// disgusting", "I would never hurt you"). The classifier leaves them out.
import type { NormalizedText } from '../types';
import { findDehumanisation, type DehumanisationKind } from './dehumanisation';
import type { GroupMatcher } from './groups';
import { harmSentences } from './sentences';
import { findThreats, type Finding, type ThreatKind } from './threats';

/** Original-text ranges [start, end) of the sentences that hold guarded matches and no counted one. */
export function counterSpeechRanges(text: NormalizedText, groups: GroupMatcher): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const s of harmSentences(text)) {
    const threats: Finding<ThreatKind>[] = [];
    const comparisons: Finding<DehumanisationKind>[] = [];
    const counted = findThreats(s, groups, threats).length + findDehumanisation(s, groups, comparisons).length;
    if (threats.length + comparisons.length === 0 || counted > 0) continue;
    const start = text.toOriginal[s[0]!.start]!;
    const end = text.toOriginal[s[s.length - 1]!.end] ?? text.original.length;
    out.push([start, end]);
  }
  return out;
}
