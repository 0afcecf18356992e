// The ASCII twin of a Unicode-class pattern must only ever change the speed:
// on text with letters outside ASCII the full pattern runs, and on text
// whose only non-ASCII characters are emoji or punctuation both agree.
import { dualPattern } from '../../src/moderation/spam/ascii-pattern';
import { findEmails } from '../../src/moderation/spam/contacts';
import { LinkFinder } from '../../src/moderation/spam/link-finder';

const word = dualPattern(String.raw`(?<![\p{L}\p{N}])[\p{L}\p{N}]+\.com`, 'gu');
const all = (text: string) => [...text.matchAll(word.for(text))].map((m) => m[0]);

describe('dualPattern', () => {
  it('uses the Unicode pattern when a letter outside ASCII is present', () => {
    expect(all('visit exämple.com now')).toEqual(['exämple.com']);
    expect(all('visit пример.com now')).toEqual(['пример.com']);
  });

  it('matches the same on ASCII text and on text with only emoji and curly quotes', () => {
    expect(all('visit example.com now')).toEqual(['example.com']);
    expect(all('😂 visit “example.com” now 😂')).toEqual(['example.com']);
    // An emoji is not a letter, so it does not glue onto the domain in either form.
    expect(all('😂example.com')).toEqual(['example.com']);
  });

  it('refuses a pattern with a Unicode class the twin cannot spell', () => {
    expect(() => dualPattern(String.raw`\p{Lu}+`, 'u')).toThrow(/ASCII twin/);
  });
});

describe('link and email finders on non-ASCII text', () => {
  const finder = new LinkFinder({ tlds: ['com', 'net'], pathOnlyTlds: ['me'], obfuscatedTlds: ['com'] });

  it('keeps non-ASCII letters in a host name', () => {
    expect(finder.find('bestellen sie bei bücher-günstig.com heute').map((l) => l.host)).toEqual(['bücher-günstig.com']);
  });

  it('finds the same links in a comment with emoji as without', () => {
    const plain = 'subscribe to my channel www.example.net and cheapstuff.com';
    const withEmoji = `🔥🔥 ${plain} 🔥🔥`;
    const hosts = (text: string) => finder.find(text).map((l) => l.host);
    expect(hosts(withEmoji)).toEqual(hosts(plain));
    expect(hosts(plain)).toEqual(['example.net', 'cheapstuff.com']);
  });

  it('does not take an @mention for an address, and still finds a real one', () => {
    expect(findEmails('@someone you are right')).toEqual([]);
    expect(findEmails('write to jürgen@beispiel.de or @bob').map((e) => e.value)).toEqual(['jürgen@beispiel.de']);
  });
});
