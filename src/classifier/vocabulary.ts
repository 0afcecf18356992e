// The vocabulary a set of sentence models was trained with: their identity
// terms and their word vectors. Built once per model set and shared, since
// the word table it keys caches what each word is to those models.
import { createHash } from 'node:crypto';
import type { FeatureConfig } from './linear-model';
import type { VectorSpace } from './features/sentence-model';
import type { Vocabulary } from './text/word-table';
import { meanRow, type WordVectors } from './word-vectors';

/** Identity terms of one or two words, split into the single words and the pairs. */
export function identityParts(terms: readonly string[]): { words: Set<string>; pairs: Map<string, Set<string>> } {
  const words = new Set<string>();
  const pairs = new Map<string, Set<string>>();
  for (const term of terms) {
    const parts = term.toLowerCase().split(/\s+/).filter(Boolean);
    if (parts.length === 1) words.add(parts[0]!);
    else if (parts.length === 2) {
      let set = pairs.get(parts[0]!);
      if (!set) pairs.set(parts[0]!, (set = new Set()));
      set.add(parts[1]!);
    } else throw new Error(`identity term "${term}" has more than two words`);
  }
  return { words, pairs };
}

const built = new Map<string, { vocabulary: Vocabulary; space: VectorSpace | null }>();

/** The vocabulary (and vector space) of a feature configuration, with its vectors when it names some. */
export function vocabularyOf(config: FeatureConfig, vectors: WordVectors | null): { vocabulary: Vocabulary; space: VectorSpace | null } {
  const terms = config.identityTerms ?? [];
  const key = createHash('sha256').update(JSON.stringify([terms, vectors?.sha256 ?? null])).digest('hex');
  let entry = built.get(key);
  if (!entry) {
    const { words, pairs } = identityParts(terms);
    const space = vectors ? { vectors, identity: meanRow(vectors, words) } : null;
    const rowOf = vectors?.rowOf;
    const vocabulary: Vocabulary = {
      key,
      identityWords: words,
      identityPairs: pairs,
      vectorRow: rowOf ? (word) => rowOf.get(word) ?? -1 : () => -1,
      identityRow: vectors ? vectors.words.length : -1,
    };
    entry = { vocabulary, space };
    if (built.size > 16) built.delete(built.keys().next().value!);
    built.set(key, entry);
  }
  return entry;
}
