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
  let matches = all.length === 0 ? all : all.filter((m) => m.entry.tier !== ALLOW && !allowed.some((a) => a.start <= m.start && m.end <= a.end));
  const wildcards = wildcardMatches(skeleton, matcher, matches, allowed);
  // Most comments are clean: skip the sorting and mapping below for them.
  if (matches.length === 0 && wildcards.length === 0) return [];
  matches = matches.concat(wildcards);
  return resolveOverlaps(matches.map((m) => widenToWord(skeleton, m))).map((m) => toFinding(n, skeleton, m));
}

/** Evidence shows the whole word the reader wrote ("motherfucker"), not just the listed part. */
function widenToWord(s: Skeleton, m: WordMatch): WordMatch {
  if (!m.entry.openStart && !m.entry.openEnd) return m;
  let start = m.start;
  let end = m.end;
  while (start > 0 && s.codes[start - 1] !== SPACE) start--;
  while (end < s.length && s.codes[end] !== SPACE) end++;
  // Literals rather than spreads here and below: spreads cost more than the matching in V8.
  return start === m.start && end === m.end ? m : { start, end, entry: m.entry, masked: m.masked };
}

/** Words with masking or leetspeak characters that no list entry matched as written. */
function wildcardMatches(s: Skeleton, matcher: WordMatcher, direct: WordMatch[], allowed: WordMatch[]): WordMatch[] {
  const out: WordMatch[] = [];
  for (let k = 0; k < s.evasiveCount; k++) {
    const start = s.evasive[2 * k]!;
    const end = s.evasive[2 * k + 1]!;
    if (!overlapsAny(direct, start, end) && !overlapsAny(allowed, start, end)) {
      const match = matcher.findWildcard(s, start, end);
      if (match) out.push(match);
    }
  }
  return out;
}

/** Whether a match overlaps skeleton range [start, end) (a plain loop: this runs for every word). */
function overlapsAny(matches: WordMatch[], start: number, end: number): boolean {
  for (const m of matches) if (m.start < end && m.end > start) return true;
  return false;
}

/** Keeps the longest match at each place; a kept match takes the strongest tier of those inside it. */
function resolveOverlaps(matches: WordMatch[]): WordMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end || a.entry.tier - b.entry.tier);
  const kept: Array<WordMatch & { tier: number }> = [];
  for (const m of matches) {
    const outer = kept.find((k) => k.start <= m.start && m.end <= k.end);
    if (outer) {
      outer.tier = Math.min(outer.tier, m.entry.tier);
      continue;
    }
    kept.push({ start: m.start, end: m.end, entry: m.entry, masked: m.masked, tier: m.entry.tier });
  }
  return kept.map((k) => (k.tier === k.entry.tier ? k : { start: k.start, end: k.end, masked: k.masked, tier: k.tier, entry: { ...k.entry, tier: k.tier } }));
}

function toFinding(n: NormalizedText, s: Skeleton, m: WordMatch): Finding {
  const { start, end } = originalRange(n, s.from[m.start]!, s.to[m.end - 1]!);
  return { start, end, text: n.original.slice(start, end), word: m.entry.word, tier: m.entry.tier, masked: m.masked };
}
