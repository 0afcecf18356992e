// The word list of the bad-words package, read once per rule load when a
// tier asks for it. bad-words 4 takes half its list from an ES module
// (badwords-list); Node 20.19+ can require that, but module loaders that
// cannot (the jest runtime) fail with ERR_REQUIRE_ESM, and then only the
// package's own CommonJS list (dist/lang.js, beside its entry point) is used.
import path from 'node:path';

export function badWordsList(): string[] {
  try {
    const { Filter } = require('bad-words') as { Filter: new () => { list: string[] } };
    return new Filter().list;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_REQUIRE_ESM' && !/ES Module/i.test((err as Error).message)) throw err;
    const own = path.join(path.dirname(require.resolve('bad-words')), 'lang.js');
    return (require(own) as { localList: string[] }).localList;
  }
}
