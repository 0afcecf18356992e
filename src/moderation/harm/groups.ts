// Finding a protected group in a sentence: one of its forms (one or two
// words, rules/lists/protected-groups.txt), optionally followed by a word for
// people ("gay people", "Muslim women": rules/lists/people-nouns.txt).
import type { HarmSentence } from './sentences';

export interface GroupMatcher {
  /** Forms by their first word, each as its words. */
  forms: Map<string, string[][]>;
  people: Set<string>;
}

export function groupMatcher(forms: readonly string[], people: readonly string[]): GroupMatcher {
  const byFirst = new Map<string, string[][]>();
  for (const form of forms) {
    const words = form.split(' ');
    const list = byFirst.get(words[0]!) ?? [];
    list.push(words);
    byFirst.set(words[0]!, list.sort((a, b) => b.length - a.length));
  }
  return { forms: byFirst, people: new Set(people) };
}

/** The end (exclusive) of a group named at word i, or -1. */
export function groupAt(g: GroupMatcher, s: HarmSentence, i: number): number {
  const candidates = g.forms.get(s[i]?.w ?? '');
  let end = -1;
  if (candidates) {
    for (const words of candidates) {
      if (words.every((w, k) => s[i + k]?.w === w)) {
        end = i + words.length;
        break;
      }
    }
  }
  if (end < 0) return -1;
  while (end < s.length && g.people.has(s[end]!.w)) end++;
  return end;
}

/** The first group named in s[from, to), as [start, end), or null. */
export function findGroup(g: GroupMatcher, s: HarmSentence, from: number, to: number): [number, number] | null {
  for (let i = from; i < to; i++) {
    const end = groupAt(g, s, i);
    if (end > 0) return [i, end];
  }
  return null;
}
