// Word-list files: one entry a line, "#" starts a comment line. An entry is
// a word or a phrase, matched on word boundaries; a leading or trailing "*"
// lets it match inside longer words:
//   shit      the word alone
//   wank*     words starting with it (wanker, wanking)
//   *fuck*    words containing it (motherfucker, clusterfuck)
// Entries go through the same normaliser and skeleton as comments, so lists
// may spell words in any case, with accents or leetspeak, and still match.
import { normalize } from '../normalize';
import { buildSkeleton, MASK, type Skeleton } from './skeleton';

export interface ListEntry {
  /** The entry as written in the list, without the "*" markers. */
  word: string;
  /** True when the entry may start inside a longer word. */
  openStart: boolean;
  /** True when the entry may end inside a longer word. */
  openEnd: boolean;
}

export function parseList(text: string): ListEntry[] {
  const entries: ListEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const openStart = line.startsWith('*');
    const openEnd = line.length > 1 && line.endsWith('*');
    const word = line.slice(openStart ? 1 : 0, openEnd ? -1 : undefined).trim();
    if (word !== '') entries.push({ word, openStart, openEnd });
  }
  return entries;
}

/** bad-words keeps its own conventions ("*damn", "f u c k"); they read the same as ours. */
export function entriesFromWords(words: readonly string[]): ListEntry[] {
  return parseList(words.join('\n'));
}

/** The skeleton of a list entry, or null when it has no letters left to match. */
export function entrySkeleton(entry: ListEntry): Skeleton | null {
  const skeleton = buildSkeleton(normalize(entry.word).text);
  if (skeleton.length === 0) return null;
  for (let i = 0; i < skeleton.length; i++) if (skeleton.codes[i] === MASK) return null;
  return skeleton;
}
