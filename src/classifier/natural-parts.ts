// The one piece of `natural` the classifier uses, required by file:
// `require('natural')` would load its database adapters too (about 160 MB and
// 400 ms at startup).
/* eslint-disable @typescript-eslint/no-require-imports */

interface NaturalStemmer {
  stem(token: string): string;
}

const porter = require('natural/lib/natural/stemmers/porter_stemmer') as NaturalStemmer;

export function porterStem(token: string): string {
  return porter.stem(token);
}
