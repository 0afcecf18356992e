// V8 tests Unicode property classes such as [\p{L}\p{N}] by searching their
// range tables at every position, which made the link and contact patterns
// several times slower than the same patterns over ASCII classes (48 us
// against 9 us for the link pattern on a 270-character comment). Most
// comments have no letters or digits outside ASCII, and on such text \p{L}
// and \p{N} are exactly [a-zA-Z] and [0-9] (an emoji is in neither), so it
// gets a twin pattern with those classes spelled out: same matches, a
// fraction of the cost.

const NON_ASCII = /[^\x00-\x7f]/;
// Emoji, curly quotes and other non-ASCII symbols are in neither class, so
// only a non-ASCII letter or digit needs the Unicode pattern.
const NON_ASCII_LETTER_OR_DIGIT = /(?=[^\x00-\x7f])[\p{L}\p{N}]/u;

export interface DualPattern {
  /**
   * The pattern to run over `text`: the ASCII twin when the text allows it.
   * `ascii`: the caller knows the text is all ASCII (the normaliser does),
   * which spares the two tests.
   */
  for(text: string, ascii?: boolean): RegExp;
}

/** Both forms of a pattern whose Unicode classes are written as `\p{L}\p{N}` pairs. */
export function dualPattern(source: string, flags: string): DualPattern {
  const full = new RegExp(source, flags);
  const asciiSource = source.replaceAll('\\p{L}\\p{N}', 'a-zA-Z0-9');
  // A lone \p{...} left over would make the twin match differently: refuse it at load.
  if (asciiSource.includes('\\p{')) throw new Error(`pattern has a Unicode class the ASCII twin cannot spell: ${source}`);
  const ascii = new RegExp(asciiSource, flags);
  return { for: (text, known = false) => (!known && NON_ASCII.test(text) && NON_ASCII_LETTER_OR_DIGIT.test(text) ? full : ascii) };
}
