// The two pieces of `natural` the classifier uses, required file by file:
// `require('natural')` would load its database adapters too (about 160 MB and
// 400 ms at startup).
/* eslint-disable @typescript-eslint/no-require-imports */

interface NaturalTokenizer {
  tokenize(text: string): string[];
}
interface NaturalStemmer {
  stem(token: string): string;
}

const { RegexpTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer') as {
  RegexpTokenizer: new (options: { pattern: RegExp }) => NaturalTokenizer;
};
const porter = require('natural/lib/natural/stemmers/porter_stemmer') as NaturalStemmer;

/** Splits on anything that is not a letter, digit or apostrophe, so accented and non-Latin words survive. */
export const wordTokenizer: NaturalTokenizer = new RegexpTokenizer({ pattern: /[^\p{L}\p{N}']+/u });

export function porterStem(token: string): string {
  return porter.stem(token);
}
