// What keeps a grammar match from counting: negation ("I would never hurt
// you"), quotation ("he wrote \"I will kill you\""), and reported or
// condemned speech ("Saying immigrants are vermin is disgusting", "people
// who call Muslims animals"). "I say they are vermin" is still said.
import { ENDORSING_SUBJECTS, NEGATIONS, REPORTING } from './lexicon';
import type { HarmSentence } from './sentences';

/** Whether a negation stands in s[from, to). */
export function negatedBetween(s: HarmSentence, from: number, to: number): boolean {
  for (let i = Math.max(0, from); i < to; i++) {
    const w = s[i]!.w;
    if (NEGATIONS.has(w) || w.endsWith("n't")) {
      // "nothing but", "no better than", "no different from" affirm.
      const next = s[i + 1]?.w;
      if ((w === 'nothing' && next === 'but') || (w === 'no' && (next === 'better' || next === 'different' || next === 'more'))) continue;
      return true;
    }
  }
  return false;
}

/** Whether the words s[from, to) are quoted. */
export function quoted(s: HarmSentence, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!s[i]!.quoted) return false;
  return true;
}

/**
 * Whether the match starting at word `from` is reported or condemned: a
 * reporting word before it in the sentence, unless its subject is the
 * speaker in the present ("I say", "we think").
 */
export function reported(s: HarmSentence, from: number): boolean {
  for (let i = 0; i < from; i++) {
    const w = s[i]!.w;
    if (!REPORTING.has(w)) continue;
    const subject = s[i - 1]?.w;
    const present = w === 'say' || w === 'think' || w === 'believe' || w === 'call';
    if (present && subject !== undefined && ENDORSING_SUBJECTS.has(subject)) continue;
    return true;
  }
  return false;
}
