// Most comments hold none of the words a threat or a dehumanising statement
// is made of, so one regular expression over the normalised text decides
// whether the grammars need to read it at all (their word-by-word reading
// costs more than every other check together). The pattern must admit every
// text a grammar can match: each finding needs one of these words. Plain \b
// (not Unicode-aware) can only admit more, never fewer: a letter outside
// ASCII counts as a boundary.
import type { NormalizedText } from '../types';
import { CONTEMPT, DEHUMANISING_NOUNS, EXCLUSION_PARTICIPLES, SWARMING, VIOLENT_PARTICIPLES, VIOLENT_VERBS } from './lexicon';

const alternation = (words: Iterable<string>) => [...new Set(words)].sort((a, b) => b.length - a.length).join('|');

const HARM_WORDS = new RegExp(
  `\\b(?:${alternation([...VIOLENT_VERBS, ...VIOLENT_PARTICIPLES, ...DEHUMANISING_NOUNS, ...CONTEMPT, ...EXCLUSION_PARTICIPLES, ...SWARMING, 'kys', 'die', 'dies', 'dead', 'death', 'human', 'humans', 'plague', 'infestation'])})\\b` +
    // "know where you live", "off / neck / end yourself", "are not people"
    `|\\bknow where\\b|\\b(?:off|neck|end) (?:yo)?ur?sel(?:f|ves)\\b|(?:not|n't|than|sub)[\\s-]+(?:real |even )?(?:people|persons?)\\b`,
);

const seen = new WeakMap<NormalizedText, boolean>();

/** Whether the grammars could find anything in the text (remembered per prepared comment). */
export function mayHoldHarm(text: NormalizedText): boolean {
  let yes = seen.get(text);
  if (yes === undefined) {
    yes = HARM_WORDS.test(text.text);
    seen.set(text, yes);
  }
  return yes;
}
