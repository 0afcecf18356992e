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

export interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}

export interface Eld {
  detect(text: string): EldResult;
}

/** eld's n-gram database: language codes by index, and per n-gram the score of each language it occurs in. */
export interface EldData {
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

export interface EldParts {
  /** The detector as the package builds it (the reference the engine's scorer is tested against). */
  eld: Eld;
  data: EldData;
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

let parts: EldParts | undefined;

/** Loaded on first use, once per process: the database takes about 0.2 s to read. */
export function eldParts(): EldParts {
  parts ??= {
    eld: (requireEld('entries/static.small.js') as { eld: Eld }).eld,
    data: (requireEld('ngrams/small.js') as { ngramsData: EldData }).ngramsData,
    dictionary: (requireEld('dictionary.js') as { dictionary: string[] }).dictionary,
    separators: (requireEld('regexPatterns.js') as { separators: RegExp }).separators,
    avgScore: (requireEld('avgScore.js') as { avgScore: Record<string, number> }).avgScore,
  };
  return parts;
}

/** The package's own detector. */
export function eld(): Eld {
  return eldParts().eld;
}
