// Direct threats: the speaker's intent to harm someone ("I'm going to shoot
// the next gay person I see", "I will kill you"), telling someone to kill
// themselves, wishing or promising someone's death, and calls for violence
// against a person or a group ("gay people should be shot", "death to all
// immigrants"). Each finding names the words that make it.
import { findGroup, groupAt, type GroupMatcher } from './groups';
import { negatedBetween, quoted, reported } from './guards';
import { FILLER, FIRST_PERSON, FIRST_PERSON_INTENT, INTENT, PERSON_SUBJECTS, PERSON_TARGETS, VIOLENT_PARTICIPLES, VIOLENT_VERBS } from './lexicon';
import type { HarmSentence } from './sentences';

export type ThreatKind = 'intent' | 'self-harm' | 'death-wish' | 'call-for-violence';

export interface Finding<K extends string = string> {
  kind: K;
  /** Word range [from, to) of the sentence that makes the finding. */
  from: number;
  to: number;
}

const SELF = new Set(['yourself', 'yourselves', 'urself', 'yoself']);
const SELF_HARM = new Set(['kill', 'hang', 'shoot', 'off', 'neck', 'end', 'drown', 'stab', 'burn', 'poison']);
const DETERMINERS = new Set(['the', 'a', 'an', 'all', 'every', 'each', 'any', 'those', 'these', 'some', 'more', 'next', 'your', 'his', 'her', 'their', 'that', 'this', 'first', 'of', 'fucking']);
const HUMAN_NOUNS = new Set(['guy', 'man', 'woman', 'person', 'kid', 'idiot', 'moron', 'bastard', 'bitch', 'family', 'wife', 'husband', 'kids', 'children', 'son', 'daughter', 'mother', 'father', 'mom', 'dad', 'friends', 'people', 'writer', 'author', 'reporter', 'journalist', 'mayor', 'president', 'politician', 'politicians', 'traitor', 'traitors', 'cop', 'cops', 'officer', 'judge', 'teacher', 'house', 'home', 'car', 'office', 'dog', 'cat', 'throat', 'neck', 'face', 'head', 'skull', 'legs', 'arms', 'kneecaps', 'teeth', 'brains', 'guts']);

/** The end of a person or group aimed at, starting at word i (determiners allowed), or -1. */
function targetAt(s: HarmSentence, i: number, groups: GroupMatcher): number {
  let k = i;
  while (k < s.length && DETERMINERS.has(s[k]!.w) && k - i < 3) k++;
  const w = s[k]?.w;
  if (w === undefined) return -1;
  if (PERSON_TARGETS.has(w) || HUMAN_NOUNS.has(w)) return k + 1;
  const g = groupAt(groups, s, k);
  if (g > 0) return g;
  // "the next gay person": one more word before the group.
  const g2 = groupAt(groups, s, k + 1);
  return g2 > 0 && k + 1 - i <= 3 ? g2 : -1;
}

function intentBefore(s: HarmSentence, verb: number): number {
  // Back from the verb over fillers to an intention word; then to a first-person subject.
  let k = verb - 1;
  let steps = 0;
  while (k >= 0 && FILLER.has(s[k]!.w) && steps < 5) {
    k--;
    steps++;
  }
  if (k < 0) return -1;
  if (FIRST_PERSON_INTENT.has(s[k]!.w)) return k;
  // "going to": back over the "to" the fillers skipped.
  if (s[k]!.w === 'going' || s[k]!.w === 'want' || s[k]!.w === 'about' || s[k]!.w === 'coming') {
    for (let j = k - 1; j >= Math.max(0, k - 3); j--) if (FIRST_PERSON.has(s[j]!.w)) return j;
    return -1;
  }
  if (!INTENT.has(s[k]!.w) && !(s[k]!.w === 'to' && INTENT.has(s[k - 1]?.w ?? ''))) return -1;
  for (let j = k - 1; j >= Math.max(0, k - 3); j--) if (FIRST_PERSON.has(s[j]!.w)) return j;
  return -1;
}

/** Verbs that threaten only with a word after the target: "beat you up", "beat him to death". */
const NEEDS_COMPLEMENT = new Set(['beat', 'smash', 'break', 'bash', 'stomp']);

/**
 * Threats in a sentence. `guarded` (when given) receives the matches that a
 * negation, quotation or report kept from counting: counter-speech, which
 * the classifier check also leaves out of its scores.
 */
export function findThreats(s: HarmSentence, groups: GroupMatcher, guarded?: Finding<ThreatKind>[]): Finding<ThreatKind>[] {
  const out: Finding<ThreatKind>[] = [];
  // "Why don't you ..." urges rather than negates.
  const urging = s.length > 2 && s[0]!.w === 'why' && (s[1]!.w === "don't" || s[1]!.w === 'dont') ? 2 : 0;
  const keep = (f: Finding<ThreatKind>, negationFrom = f.from) => {
    if (negatedBetween(s, Math.max(negationFrom, urging), f.to) || quoted(s, f.from, f.to) || reported(s, f.from)) guarded?.push(f);
    else out.push(f);
  };
  for (let i = 0; i < s.length; i++) {
    const w = s[i]!.w;
    const next = s[i + 1]?.w;
    // "kill yourself", "go hang yourself", "kys"
    if (w === 'kys' || (SELF_HARM.has(w) && next !== undefined && SELF.has(next))) {
      const from = i > 0 && (s[i - 1]!.w === 'go' || s[i - 1]!.w === 'just') ? i - 1 : i;
      keep({ kind: 'self-harm', from, to: w === 'kys' ? i + 1 : i + 2 }, Math.max(0, from - 3));
      continue;
    }
    if (VIOLENT_VERBS.has(w)) {
      const subject = intentBefore(s, i);
      let end = targetAt(s, i + 1, groups);
      // "beat you up", "hunt you down"
      if (end < 0 && (next === 'up' || next === 'down')) end = targetAt(s, i + 2, groups);
      if (end > 0 && NEEDS_COMPLEMENT.has(w)) {
        const after = s[end]?.w;
        if (after === 'up' || (after === 'to' && s[end + 1]?.w === 'death')) end = after === 'up' ? end + 1 : end + 2;
        else if (!(next === 'up' || next === 'down')) end = -1;
      }
      if (subject >= 0 && end > 0) {
        keep({ kind: 'intent', from: subject, to: end }, Math.max(0, subject - 2));
        continue;
      }
      // Imperative at the start of a sentence aimed at a group: "kill all immigrants", "shoot the gays"
      if (i === 0 || (i === 1 && (s[0]!.w === 'just' || s[0]!.w === 'go' || s[0]!.w === 'we'))) {
        let k = i + 1;
        while (k < s.length && DETERMINERS.has(s[k]!.w) && k - i < 3) k++;
        const g = groupAt(groups, s, k);
        if (g > 0) keep({ kind: 'call-for-violence', from: i, to: g });
      }
    }
    // "death to (all) immigrants"
    if (w === 'death' && next === 'to') {
      const t = targetAt(s, i + 2, groups);
      if (t > 0) keep({ kind: 'call-for-violence', from: i, to: t });
    }
    // "<person or group> should / must / deserve to / need to be shot"
    if (w === 'be' && VIOLENT_PARTICIPLES.has(next ?? '')) {
      const modal = s[i - 1]?.w;
      const modal2 = s[i - 2]?.w;
      const calls = ['should', 'must', 'shall', 'ought', 'deserve', 'deserves', 'needs', 'need', 'will', 'gonna', 'to'].includes(modal ?? '');
      if (calls) {
        const subjectEnd = modal === 'to' ? i - 2 : i - 1;
        const start = Math.max(0, subjectEnd - 4);
        const group = findGroup(groups, s, start, subjectEnd + (modal2 === 'to' ? 0 : 0));
        // A person: a pronoun, a word for a person, or a name (capitalised, not a determiner).
        const person = [...Array(subjectEnd - start).keys()].map((k) => start + k).find((k) => PERSON_SUBJECTS.has(s[k]!.w) || HUMAN_NOUNS.has(s[k]!.w) || (s[k]!.capital && !DETERMINERS.has(s[k]!.w) && !/^\d/.test(s[k]!.w)));
        const from = group ? group[0] : person;
        if (from !== undefined) keep({ kind: 'call-for-violence', from, to: i + 2 });
      }
    }
    // "<group> must die", "you deserve to die", "I hope you die", "you are going to die"
    // "you're dead (meat)", "you are a dead man"
    if (w === 'dead' && ((s[i - 1]?.w === "you're" || s[i - 1]?.w === 'youre') || (s[i - 1]?.w === 'are' && s[i - 2]?.w === 'you') || (s[i - 1]?.w === 'a' && (s[i - 2]?.w === "you're" || s[i - 2]?.w === 'are')))) {
      keep({ kind: 'death-wish', from: Math.max(0, i - 2), to: i + 1 });
      continue;
    }
    if (w === 'dies' && s.slice(Math.max(0, i - 4), i).some((x) => x.w === 'hope' || x.w === 'wish')) {
      keep({ kind: 'death-wish', from: Math.max(0, i - 3), to: i + 1 });
      continue;
    }
    if (w === 'die' || w === 'dead') {
      const start = Math.max(0, i - 5);
      const group = findGroup(groups, s, start, i);
      const you = [...Array(i - start).keys()].map((k) => start + k).find((k) => ['you', 'u', 'ya', 'he', 'she', 'they', 'them', 'him', 'her'].includes(s[k]!.w));
      const wish = s.slice(start, i).some((x) => ['should', 'must', 'deserve', 'deserves', 'hope', 'wish', 'will', 'gonna', 'going', "you'll", "you're", 'better', 'go', 'need', 'needs'].includes(x.w));
      if (w === 'die' && wish && (group || you !== undefined)) keep({ kind: group ? 'call-for-violence' : 'death-wish', from: group ? group[0] : you!, to: i + 1 });
      else if (w === 'die' && (i === 0 || s[i - 1]!.w === 'go' || s[i - 1]!.w === 'just') && ['in', undefined].includes(next) && s.length <= 5) keep({ kind: 'death-wish', from: i > 0 ? i - 1 : i, to: Math.min(s.length, i + 3) });
    }
    // "I know where you live"
    if (w === 'know' && next === 'where' && ['you', 'u'].includes(s[i + 2]?.w ?? '') && s[i + 3]?.w === 'live') keep({ kind: 'intent', from: i - 1 >= 0 ? i - 1 : i, to: i + 4 });
  }
  return out;
}
