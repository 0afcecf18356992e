import { normalize, originalRange } from '../../src/moderation/normalize';

/** Every normalised character must come from an original offset, in order, ending at the original length. */
function expectValidMap(original: string): void {
  const n = normalize(original);
  expect(n.toOriginal.length).toBe(n.text.length + 1);
  expect(n.toOriginal[n.text.length]).toBe(original.length);
  for (let i = 1; i < n.toOriginal.length; i++) expect(n.toOriginal[i]!).toBeGreaterThanOrEqual(n.toOriginal[i - 1]!);
  for (let i = 0; i < n.text.length; i++) expect(n.toOriginal[i]!).toBeLessThan(original.length);
}

describe('normalize', () => {
  it('lower-cases ASCII and maps offsets one to one', () => {
    const n = normalize('Hello World 123 http://x.io/A?b=1');
    expect(n.text).toBe('hello world 123 http://x.io/a?b=1');
    expect(Array.from(n.toOriginal)).toEqual(Array.from({ length: n.text.length + 1 }, (_, i) => i));
  });

  it('keeps digits and ASCII symbols as they are, for the spam checks', () => {
    expect(normalize('Call 555-0100 or $5 @home!').text).toBe('call 555-0100 or $5 @home!');
  });

  it('folds fullwidth and mathematical letters', () => {
    expect(normalize('ＦＵＣＫ').text).toBe('fuck');
    expect(normalize('𝐇𝐞𝐥𝐥𝐨').text).toBe('hello');
  });

  it('strips diacritics and Zalgo stacks', () => {
    expect(normalize('Crème brûlée').text).toBe('creme brulee');
    expect(normalize('Z\u0351\u036b\u0343a\u0352\u033el\u0352\u036cg\u0309o').text).toBe('zalgo');
  });

  it('drops zero-width, bidi and soft-hyphen characters but keeps the offsets of what remains', () => {
    const original = 'fu\u200bck\u202e x\u00ady';
    const n = normalize(original);
    expect(n.text).toBe('fuck xy');
    expect(n.toOriginal[2]).toBe(3); // "c" sits after the zero-width space
    expect(original.slice(n.toOriginal[6]!, n.toOriginal[6]! + 1)).toBe('y');
  });

  it('maps Cyrillic and Greek look-alikes to ASCII letters', () => {
    expect(normalize('fu\u0441k').text).toBe('fuck'); // Cyrillic es
    expect(normalize('\u0455\u04bb\u0456t').text).toBe('shit'); // Cyrillic dze, shha, byelorussian i
    expect(normalize('\u03bfk').text).toBe('ok'); // Greek omicron
  });

  it('turns sharp s into ss rather than a look-alike b', () => {
    expect(normalize('Straße').text).toBe('strasse');
  });

  it('maps an expanded character (ligature) back to one original offset', () => {
    const n = normalize('x\ufb01y'); // fi ligature
    expect(n.text).toBe('xfiy');
    expect(Array.from(n.toOriginal)).toEqual([0, 1, 1, 2, 3]);
  });

  it('handles astral characters, emoji and lone surrogates with a valid map', () => {
    for (const s of ['a😀b', '𝓯𝓾𝓬𝓴 you', '\ud800x', 'x\udfff', '👨‍👩‍👧 family', '', '\u200b\u200b']) expectValidMap(s);
  });

  it('gives a valid map for every Big List of Naughty Strings entry', () => {
    const blns = require('../../data/corpora/profanity/blns.json') as string[];
    for (const s of blns) expectValidMap(s);
  });

  it('originalRange covers whole code points of the original', () => {
    const n = normalize('a 𝐟𝐮𝐜𝐤 b');
    const start = n.text.indexOf('fuck');
    const range = originalRange(n, start, start + 4);
    expect(n.original.slice(range.start, range.end)).toBe('𝐟𝐮𝐜𝐤');
  });
});
