// Sentences that quote or condemn harm rather than do it: the threat or
// dehumanisation grammar matched their words, but a negation, quotation or
// report kept the match from counting ("Saying immigrants are vermin is
// disgusting", "I would never hurt you"). The classifier leaves them out.
import type { NormalizedText } from '../types';
import { analyseHarm } from './analysis';
import type { GroupMatcher } from './groups';

/** Original-text ranges [start, end) of the sentences that hold guarded matches and no counted one. */
export function counterSpeechRanges(text: NormalizedText, groups: GroupMatcher): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const f of analyseHarm(text, groups)) {
    if (f.guarded === 0 || f.threats.length + f.dehumanisation.length > 0) continue;
    const s = f.sentence;
    out.push([text.toOriginal[s[0]!.start]!, text.toOriginal[s[s.length - 1]!.end] ?? text.original.length]);
  }
  return out;
}
