// The language detector: eld (Nito-ELD), an n-gram detector with a small
// preloaded database (60 languages). Chosen over tinyld and franc-min after
// measuring them on short comments (README, "Languages"): eld was right on
// 96 / 96 of the short sentences in data/languages, franc-min on 92, and it
// costs a seventh of tinyld's time per comment.
//
// eld ships ES modules only and offers them to `import` alone, while this
// build is CommonJS and the engine is synchronous. Node >= 20.19 (this
// package's engines) loads an ES module with require() given its file, so
// the entry file is required by path, through Node's own require (also
// under jest, whose module registry cannot load ES modules). The version is
// pinned in package.json because the path is inside the package.
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

const ENTRY = path.join('eld', 'src', 'entries', 'static.small.js');

function loadEld(): Eld {
  const nodeRequire = createRequire(__filename);
  for (const dir of nodeRequire.resolve.paths('eld') ?? []) {
    try {
      return (nodeRequire(path.join(dir, ENTRY)) as { eld: Eld }).eld;
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  throw new Error(`the language detector eld is not installed (looked for ${ENTRY})`);
}

let instance: Eld | undefined;

/** Loaded on first use, once per process: its database takes about 0.2 s to read. */
export function eld(): Eld {
  instance ??= loadEld();
  return instance;
}
