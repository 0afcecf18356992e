// The language detector: eld (Nito-ELD, github.com/nitotm/efficient-language-detector-js,
// Apache-2.0), an n-gram detector with a small database of 60 languages.
// Chosen over tinyld and franc-min after measuring them on short comments
// (README, "Languages"; bench/language-detectors.js).
//
// eld ships ES modules only and offers them to `import` alone, while this
// build is CommonJS and the engine is synchronous. Node >= 20.19 (this
// package's engines) loads an ES module with require() given its file, so
// its files are required by path, through Node's own require (jest
// transforms them: jest.config.js). The version is pinned in package.json
// because the paths are inside the package.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EldData } from './ngram-file';

export interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}

export interface Eld {
  detect(text: string): EldResult;
}

/** eld's small tables, all the engine's scorer reads from the package itself (a few KB). */
export interface EldTables {
  /** eld's byte-to-character table (its n-grams are of UTF-8 bytes spelled with these). */
  dictionary: readonly string[];
  /** eld's word separators. */
  separators: RegExp;
  /** eld's average best score per language in a right detection, for isReliable. */
  avgScore: Record<string, number>;
}

function requireEld(file: string): unknown {
  const nodeRequire = createRequire(__filename);
  for (const dir of nodeRequire.resolve.paths('eld') ?? []) {
    try {
      return nodeRequire(path.join(dir, 'eld', 'src', file));
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  throw new Error(`the language detector eld is not installed (looked for eld/src/${file})`);
}

let tables: EldTables | undefined;

export function eldTables(): EldTables {
  tables ??= {
    dictionary: (requireEld('dictionary.js') as { dictionary: string[] }).dictionary,
    separators: (requireEld('regexPatterns.js') as { separators: RegExp }).separators,
    avgScore: (requireEld('avgScore.js') as { avgScore: Record<string, number> }).avgScore,
  };
  return tables;
}

/**
 * The package's own n-gram database, for tools/language-ngrams.js and the
 * tests only: loading it keeps about 160 MB resident (ngram-file.ts).
 */
export function eldDatabase(): EldData {
  return (requireEld('ngrams/small.js') as { ngramsData: EldData }).ngramsData;
}

/** The package's own detector: the reference the engine's scorer is tested against (loads eld's database too). */
export function eld(): Eld {
  return (requireEld('entries/static.small.js') as { eld: Eld }).eld;
}
