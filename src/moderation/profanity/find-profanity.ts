// From normalised text to profanity findings with original offsets:
// skeleton, list matches, allow-list exemptions, wildcard reading of masked
// words, then one finding per place in the text (the longest, strongest match).
import { originalRange } from '../normalize';
import type { NormalizedText } from '../types';
import { buildSkeleton, SPACE, type Skeleton } from './skeleton';
import { ALLOW, type WordMatch, type WordMatcher } from './word-matcher';

export interface Finding {
  /** Original offsets [start, end) and the characters there. */
  start: number;
  end: number;
  text: string;
  /** The list entry it matched. */
  word: string;
  tier: number;
  masked: boolean;
}

export function findProfanity(n: NormalizedText, matcher: WordMatcher): Finding[] {
  if (n.text.length === 0) return [];
  const skeleton = buildSkeleton(n.text, matcher.insideStarts);
  const all = matcher.find(skeleton);
  const allowed = all.length === 0 ? all : all.filter((m) => m.entry.tier === ALLOW);
  let matches = all.length === 0 || allowed.length === 0 ? all : notInside(all.filter((m) => m.entry.tier !== ALLOW), allowed);
  const wildcards = wildcardMatches(skeleton, matcher, matches, allowed);
  // Most comments are clean: skip the sorting and mapping below for them.
  if (matches.length === 0 && wildcards.length === 0) return [];
  matches = matches.concat(wildcards);
  const words = new WordAt(skeleton);
  return resolveOverlaps(matches.map((m) => widenToWord(words, m))).map((m) => toFinding(n, skeleton, m));
}

// Every step below is linear in the matches or the skeleton: a comment can
// hold thousands of matches ("fuck " 4,000 times), and a test of each match
// against every other, or a walk to its word's edges from each match in one
// long word ("fuckfuckfuck..."), made 20,000 characters cost a quarter second.

/**
 * The matches not inside an allowed one. Both lists come from the matcher in
 * ascending start order, so one sweep keeps the furthest end of the allowed
 * matches starting at or before each match.
 */
function notInside(matches: WordMatch[], allowed: WordMatch[]): WordMatch[] {
  const out: WordMatch[] = [];
  let a = 0;
  let reach = -1;
  for (const m of matches) {
    while (a < allowed.length && allowed[a]!.start <= m.start) reach = Math.max(reach, allowed[a++]!.end);
    if (reach < m.end) out.push(m);
  }
  return out;
}

/**
 * The word (run between SPACEs) around a skeleton position, remembering the
 * last one found: matches arrive in ascending order, so a long word is walked
 * once, not once per match inside it.
 */
class WordAt {
  private start = 0;
  private end = -1;

  constructor(private readonly s: Skeleton) {}

  /** [start, end) of the word holding position p (p must not be a SPACE). */
  around(p: number): { start: number; end: number } {
    if (p < this.start || p >= this.end) {
      const { codes, length } = this.s;
      let start = p;
      let end = p + 1;
      while (start > 0 && codes[start - 1] !== SPACE) start--;
      while (end < length && codes[end] !== SPACE) end++;
      this.start = start;
      this.end = end;
    }
    return { start: this.start, end: this.end };
  }
}

/** Evidence shows the whole word the reader wrote ("motherfucker"), not just the listed part. */
function widenToWord(words: WordAt, m: WordMatch): WordMatch {
  if (!m.entry.openStart && !m.entry.openEnd) return m;
  // A match never starts or ends on a SPACE; it may span several words (a phrase entry).
  const start = words.around(m.start).start;
  const end = words.around(m.end - 1).end;
  // Literals rather than spreads here and below: spreads cost more than the matching in V8.
  return start === m.start && end === m.end ? m : { start, end, entry: m.entry, masked: m.masked };
}

/** Words with masking or leetspeak characters that no list entry matched as written. */
function wildcardMatches(s: Skeleton, matcher: WordMatcher, direct: WordMatch[], allowed: WordMatch[]): WordMatch[] {
  const out: WordMatch[] = [];
  const directOverlap = new Overlaps(direct);
  const allowedOverlap = new Overlaps(allowed);
  for (let k = 0; k < s.evasiveCount; k++) {
    const start = s.evasive[2 * k]!;
    const end = s.evasive[2 * k + 1]!;
    if (!directOverlap.any(start, end) && !allowedOverlap.any(start, end)) {
      const match = matcher.findWildcard(s, start, end);
      if (match) out.push(match);
    }
  }
  return out;
}

/**
 * Whether any match overlaps a range, for ranges asked in ascending order
 * (the evasive words): matches in ascending start order are taken in as the
 * ranges move on, keeping the furthest end of those starting before the
 * range's end.
 */
class Overlaps {
  private next = 0;
  private reach = -1;

  constructor(private readonly matches: WordMatch[]) {}

  any(start: number, end: number): boolean {
    const m = this.matches;
    while (this.next < m.length && m[this.next]!.start < end) this.reach = Math.max(this.reach, m[this.next++]!.end);
    return this.reach > start;
  }
}

/** Keeps the longest match at each place; a kept match takes the strongest tier of those inside it. */
function resolveOverlaps(matches: WordMatch[]): WordMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end || a.entry.tier - b.entry.tier);
  const kept: Array<WordMatch & { tier: number }> = [];
  for (const m of matches) {
    const outer = firstContaining(kept, m);
    if (outer) {
      outer.tier = Math.min(outer.tier, m.entry.tier);
      continue;
    }
    kept.push({ start: m.start, end: m.end, entry: m.entry, masked: m.masked, tier: m.entry.tier });
  }
  return kept.map((k) => (k.tier === k.entry.tier ? k : { start: k.start, end: k.end, masked: k.masked, tier: k.tier, entry: { ...k.entry, tier: k.tier } }));
}

/**
 * The first kept match that contains m. Matches come sorted by start, so
 * every kept one starts at or before m; and no kept match lies inside another,
 * so their ends ascend too: the first with an end at or past m's is the one,
 * found by bisection.
 */
function firstContaining<K extends WordMatch>(kept: K[], m: WordMatch): K | undefined {
  let lo = 0;
  let hi = kept.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (kept[mid]!.end >= m.end) hi = mid;
    else lo = mid + 1;
  }
  const k = kept[lo];
  return k && k.start <= m.start ? k : undefined;
}

function toFinding(n: NormalizedText, s: Skeleton, m: WordMatch): Finding {
  const { start, end } = originalRange(n, s.from[m.start]!, s.to[m.end - 1]!);
  return { start, end, text: n.original.slice(start, end), word: m.entry.word, tier: m.entry.tier, masked: m.masked };
}
