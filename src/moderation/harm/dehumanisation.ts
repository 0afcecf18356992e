// Dehumanisation of a protected group: calling its members vermin, animals,
// a disease ("Immigrants are vermin", "those Muslim animals", "gays are not
// human", "they breed like rats"), calls to exclude it ("Jews should be
// banned"), and blanket contempt for it ("Immigrants are criminals", "Being
// gay is disgusting"). A finding needs a group from the protected-groups list.
import { findGroup, groupAt, type GroupMatcher } from './groups';
import { negatedBetween, quoted, reported } from './guards';
import { CONTEMPT, COPULAS, DEHUMANISING_FILLER, DEHUMANISING_NOUNS, EXCLUSION_PARTICIPLES, SWARMING } from './lexicon';
import type { HarmSentence } from './sentences';
import type { Finding } from './threats';

export type DehumanisationKind = 'comparison' | 'exclusion' | 'derogation';

const NOT_HUMAN = new Set(['human', 'humans', 'people', 'persons', 'person']);

/** The last word of [from, to) that is contempt, or -1. */
function lastContempt(s: HarmSentence, from: number, to: number): number {
  for (let j = to - 1; j >= from; j--) if (CONTEMPT.has(s[j]!.w)) return j;
  return -1;
}

/** Findings in a sentence; `guarded` receives those a negation, quotation or report kept from counting. */
export function findDehumanisation(s: HarmSentence, groups: GroupMatcher, guarded?: Finding<DehumanisationKind>[]): Finding<DehumanisationKind>[] {
  const out: Finding<DehumanisationKind>[] = [];
  const keep = (f: Finding<DehumanisationKind>, negatable = true) => {
    if ((negatable && negatedBetween(s, f.from, f.to)) || quoted(s, f.from, f.to) || reported(s, f.from)) guarded?.push(f);
    else out.push(f);
  };
  for (let i = 0; i < s.length; i++) {
    const end = groupAt(groups, s, i);
    if (end < 0) continue;
    let k = end;
    // "<group> are (nothing but filthy) rats"
    if (k < s.length && (COPULAS.has(s[k]!.w) || s[k]!.w.endsWith("'re"))) {
      let j = k + 1;
      while (j < s.length && j - k <= 5 && (DEHUMANISING_FILLER.has(s[j]!.w) || s[j]!.w === 'not' || s[j]!.w.endsWith("n't") || s[j]!.w === 'no' || s[j]!.w === 'than')) j++;
      const noun = s[j]?.w;
      if (noun !== undefined && DEHUMANISING_NOUNS.has(noun)) keep({ kind: 'comparison', from: i, to: j + 1 });
      else if (noun !== undefined && NOT_HUMAN.has(noun)) {
        // "are not human", "aren't real people": the negation is the dehumanising part.
        const denied = negatedBetween(s, k, j);
        if (denied || s[j - 1]?.w === 'sub' || s[j - 1]?.w === 'than') keep({ kind: 'comparison', from: i, to: j + 1 }, false);
      } else {
        // "are all terrorists", "are disgusting", "is just plain stupid": the last word of contempt up to the predicate's noun.
        const last = noun !== undefined && CONTEMPT.has(noun) ? j : lastContempt(s, k + 1, j);
        if (last >= 0) keep({ kind: 'derogation', from: i, to: last + 1 });
      }
      // "<group> should be banned"
      if (['should', 'must'].includes(s[k]!.w) && s[k + 1]?.w === 'be' && EXCLUSION_PARTICIPLES.has(s[k + 2]?.w ?? '')) keep({ kind: 'exclusion', from: i, to: k + 3 });
    }
    if (k < s.length && ['should', 'must', 'need'].includes(s[k]!.w)) {
      const to = s[k + 1]?.w === 'to' ? k + 2 : k + 1;
      if (s[to]?.w === 'be' && EXCLUSION_PARTICIPLES.has(s[to + 1]?.w ?? '')) keep({ kind: 'exclusion', from: i, to: to + 2 });
    }
    // "<group> breed like rats", "<group> infesting our country"
    if (k < s.length && SWARMING.has(s[k]!.w)) {
      if (s[k + 1]?.w === 'like' && DEHUMANISING_NOUNS.has(s[k + 2]?.w ?? '')) keep({ kind: 'comparison', from: i, to: k + 3 });
      else if (s[k]!.w.startsWith('infest')) keep({ kind: 'comparison', from: i, to: k + 1 });
    }
    // "those Muslim animals", "filthy immigrant rats"
    if (k < s.length && DEHUMANISING_NOUNS.has(s[k]!.w) && !['disease', 'diseases', 'cancer', 'virus', 'infection'].includes(s[k]!.w)) keep({ kind: 'comparison', from: i, to: k + 1 });
  }
  // "a plague / an infestation / a swarm of <group>"
  for (let i = 0; i + 2 < s.length; i++) {
    if (['plague', 'infestation', 'swarm', 'swarms', 'horde', 'hordes', 'invasion'].includes(s[i]!.w) && s[i + 1]!.w === 'of') {
      const g = findGroup(groups, s, i + 2, Math.min(s.length, i + 4));
      if (g && ['plague', 'infestation'].includes(s[i]!.w)) keep({ kind: 'comparison', from: i, to: g[1] });
    }
  }
  return out;
}
