// One trie over the skeletons of every list entry (all tiers and the allow
// list), walked from each position of a comment's skeleton. Built once per
// rule load; a walk usually stops after a letter or two, so matching costs
// about one array lookup per character.
import { entrySkeleton, type ListEntry } from './lists';
import { FLAG_JOINED, FLAG_LEET, MASK, OPAQUE, SPACE, type Skeleton } from './skeleton';

/** Tier index for allow-list entries. */
export const ALLOW = -1;

export interface CompiledEntry {
  word: string;
  /** Index of the tier (0 = checked first), or ALLOW. */
  tier: number;
  openStart: boolean;
  openEnd: boolean;
  /** Minimum repeat count of each skeleton character ("ass" needs two s). */
  required: Uint8Array;
  /** The entry's letters with repeats spelled out, for wildcard matching of masked words. */
  spelled: string;
}

export interface WordMatch {
  /** Skeleton range [start, end). */
  start: number;
  end: number;
  entry: CompiledEntry;
  /** True when masking characters ("*", "#") stood in for letters. */
  masked: boolean;
}

const ALPHABET = 27; // a-z and the word separator
/** Longer masked words are rare: they are tried against every maskable entry. */
const MAX_INDEXED_LENGTH = 40;

/** A trie over skeleton codes: child links and the entries ending at each node. */
class Trie {
  readonly next: Int32Array;
  readonly outputs: Array<CompiledEntry[] | undefined> = [];

  constructor(compiled: ReadonlyArray<{ entry: CompiledEntry; codes: Uint8Array }>) {
    const maxNodes = 1 + compiled.reduce((sum, c) => sum + c.codes.length, 0);
    this.next = new Int32Array(maxNodes * ALPHABET);
    let nodes = 1;
    for (const { entry, codes } of compiled) {
      let node = 0;
      for (const code of codes) {
        const slot = node * ALPHABET + code;
        if (this.next[slot] === 0) this.next[slot] = nodes++;
        node = this.next[slot]!;
      }
      (this.outputs[node] ??= []).push(entry);
    }
    for (const list of this.outputs) list?.sort((a, b) => a.tier - b.tier);
  }
}

export class WordMatcher {
  /** Every entry: walked from word starts. */
  private readonly all: Trie;
  /**
   * Only the entries that may start inside a word ("*fuck*"): a handful, so
   * the walks from the middle of words, most of the positions, stop at once.
   */
  private readonly inner: Trie;
  /** Per letter code: 1 when some entry may start with it inside a word (the inner trie's first letters). */
  readonly insideStarts = new Uint8Array(32);
  /** Single-word tier entries, strongest tier first, for masked words. */
  private readonly maskable: CompiledEntry[] = [];
  /**
   * Per word length up to MAX_INDEXED_LENGTH, the maskable entries that can
   * match a word of that length (its own length, or shorter and open at an
   * end), in the same order: a leetspeak word such as "w1th" used to be
   * tried against all 244 shipped entries.
   */
  private readonly maskableByLength: CompiledEntry[][] = [];
  readonly size: number;

  constructor(lists: ReadonlyArray<{ tier: number; entries: readonly ListEntry[] }>) {
    const compiled: Array<{ entry: CompiledEntry; codes: Uint8Array }> = [];
    for (const { tier, entries } of lists) {
      for (const entry of entries) {
        const skeleton = entrySkeleton(entry);
        if (!skeleton) continue;
        const codes = skeleton.codes.slice(0, skeleton.length);
        let spelled = '';
        for (let i = 0; i < skeleton.length; i++) {
          spelled += (codes[i] === SPACE ? ' ' : String.fromCharCode(97 + codes[i]!)).repeat(skeleton.repeats[i]!);
        }
        const required = skeleton.repeats.slice(0, skeleton.length);
        compiled.push({ entry: { word: entry.word, tier, openStart: entry.openStart, openEnd: entry.openEnd, required, spelled }, codes });
      }
    }
    this.size = compiled.length;
    this.all = new Trie(compiled);
    this.inner = new Trie(compiled.filter((c) => c.entry.openStart));
    for (let code = 0; code < SPACE; code++) this.insideStarts[code] = this.inner.next[code] !== 0 ? 1 : 0;
    for (const { entry } of compiled) if (entry.tier !== ALLOW && !entry.spelled.includes(' ')) this.maskable.push(entry);
    this.maskable.sort((a, b) => a.tier - b.tier);
    for (let length = 0; length <= MAX_INDEXED_LENGTH; length++) {
      this.maskableByLength.push(this.maskable.filter((e) => e.spelled.length === length || ((e.openStart || e.openEnd) && e.spelled.length < length)));
    }
  }

  /** The maskable entries wildcardMatches can accept for a pattern of `length` characters. */
  private maskableFor(length: number): readonly CompiledEntry[] {
    return length <= MAX_INDEXED_LENGTH ? this.maskableByLength[length]! : this.maskable;
  }

  /**
   * Every list entry found in the skeleton, allow-list entries included. The
   * skeleton must be built with this matcher's `insideStarts`: it walks only
   * from the skeleton's `walkStarts`, and a letter inside a word that no inner
   * entry starts with would end its walk at the first step anyway.
   */
  find(s: Skeleton): WordMatch[] {
    const { codes, repeats, length, walkStarts, walkStartCount } = s;
    const found: WordMatch[] = [];
    for (let k = 0; k < walkStartCount; k++) {
      const p = walkStarts[k]!;
      const atStart = isBoundary(s, p - 1, p);
      // Entries that must start a word are looked for only where a word starts.
      const trie = atStart ? this.all : this.inner;
      const next = trie.next;
      let node = 0;
      for (let q = p; q < length; q++) {
        const code = codes[q]!;
        if (code >= MASK) break;
        node = next[node * ALPHABET + code]!;
        if (node === 0) break;
        const outs = trie.outputs[node];
        if (outs === undefined) continue;
        const atEnd = isBoundary(s, q, q + 1);
        for (const entry of outs) {
          if ((!entry.openStart && !atStart) || (!entry.openEnd && !atEnd)) continue;
          if (entry.tier === ALLOW ? !sameRepeats(repeats, p, entry.required) : !hasRepeats(repeats, p, entry.required)) continue;
          found.push({ start: p, end: q + 1, entry, masked: false });
        }
      }
    }
    return found;
  }

  /**
   * A word [start, end) whose masked or leetspeak characters did not read as
   * a list word directly: try them as wildcards ("f*ck", "f4ck" -> fuck).
   */
  findWildcard(s: Skeleton, start: number, end: number): WordMatch | null {
    // Count first, spell later: most words that get here ("@someone", "2day")
    // fail the tests below, and spelling the pattern allocates.
    let length = 0;
    let real = 0;
    let masks = 0;
    for (let i = start; i < end; i++) {
      const code = s.codes[i]!;
      const n = s.repeats[i]!;
      if (code === OPAQUE) return null;
      length += n;
      if (code === MASK) masks += n;
      else if (!(s.flags[i]! & FLAG_LEET)) real += n;
    }
    const masked = masks > 0;
    const wildFirst = s.codes[start] === MASK || (s.flags[start]! & FLAG_LEET) !== 0;
    // Masked words must start with a real letter ("f***"); leetspeak must leave most letters readable.
    if (length < 3 || real === 0 || wildFirst) return null;
    if (!masked && (length < 4 || real < length - 1)) return null;
    let pattern = '';
    for (let i = start; i < end; i++) {
      const code = s.codes[i]!;
      const n = s.repeats[i]!;
      pattern += (code === MASK || s.flags[i]! & FLAG_LEET ? '?' : String.fromCharCode(97 + code)).repeat(n);
    }
    for (const entry of this.maskableFor(pattern.length)) {
      if (wildcardMatches(pattern, entry)) return { start, end, entry, masked };
    }
    // A symbol pushed between the letters instead of over one ("pu*ssy", "b*itch").
    const squeezed = pattern.replace(/\?/g, '');
    if (masked && squeezed.length >= 3 && squeezed.length === real) {
      for (const entry of this.maskableFor(squeezed.length)) if (wildcardMatches(squeezed, entry)) return { start, end, entry, masked };
    }
    return null;
  }
}

/** Inside spaced-out letters ("u r a b i t c h") word boundaries are unknown, so any position counts as one. */
function isBoundary(s: Skeleton, before: number, after: number): boolean {
  const codes = s.codes;
  return before < 0 || after >= s.length || codes[before] === SPACE || codes[after] === SPACE || (s.flags[before]! & s.flags[after]! & FLAG_JOINED) !== 0;
}

/**
 * Allowed words match only as spelled, repeats included: "fagot" (a bassoon
 * in Spanish, Polish and Dutch) must not allow "f a g g o t".
 */
function sameRepeats(repeats: Uint8Array, at: number, spelled: Uint8Array): boolean {
  for (let k = 0; k < spelled.length; k++) if (repeats[at + k]! !== spelled[k]!) return false;
  return true;
}

function hasRepeats(repeats: Uint8Array, at: number, required: Uint8Array): boolean {
  for (let k = 0; k < required.length; k++) if (repeats[at + k]! < required[k]!) return false;
  return true;
}

function wildcardMatches(pattern: string, entry: CompiledEntry): boolean {
  const word = entry.spelled;
  if (word.length > pattern.length) return false;
  // The whole masked word is the entry ("f***" is "fuck" as much as "fuks"): one real letter will do.
  if (word.length === pattern.length && matchesAt(pattern, word, 0, 1)) return true;
  if (!entry.openStart && !entry.openEnd) return false;
  // A prefix entry sits at the start of the word, a suffix entry at its end, an infix entry anywhere.
  const last = pattern.length - word.length;
  const first = entry.openStart ? (entry.openEnd ? 0 : last) : 0;
  const final = entry.openStart && entry.openEnd ? last : first;
  for (let at = first; at <= final; at++) {
    // Inside a longer word, demand at least half the letters be real.
    if (matchesAt(pattern, word, at, Math.ceil(word.length / 2))) return true;
  }
  return false;
}

function matchesAt(pattern: string, word: string, at: number, minReal: number): boolean {
  let real = 0;
  for (let k = 0; k < word.length; k++) {
    const p = pattern.charCodeAt(at + k);
    if (p === 63 /* ? */) continue;
    if (p !== word.charCodeAt(k)) return false;
    real++;
  }
  return real >= minReal;
}
