import { identityFingerprint, textFingerprint } from '../../src/moderation/fingerprint';
import { normalize } from '../../src/moderation/normalize';

const fp = (s: string) => textFingerprint(normalize(s).text);

describe('text fingerprints', () => {
  it('ignore case, spacing, punctuation and invisible characters', () => {
    expect(fp('Check out my channel!!')).toBe(fp('check   out my chan\u200bnel'));
    expect(fp('Visit: www.example.com')).toBe(fp('visit wwwexamplecom'));
  });

  it('tell different texts apart, including non-Latin letters and digits', () => {
    const texts = ['I agree', 'I disagree', 'Zahl 1', 'Zahl 2', 'こんにちは', 'こんばんは', 'Привет мир', 'Привет мар', '😀 yes', 'yes'];
    expect(new Set(texts.map(fp)).size).toBe(texts.length - 1); // the emoji is not a letter: "😀 yes" = "yes"
    expect(fp('😀 yes')).toBe(fp('yes'));
  });

  it('are the same for ASCII text from the ASCII loop as from the general one, so stored hashes still match', () => {
    const everyAscii = String.fromCharCode(...Array.from({ length: 128 }, (_, c) => c));
    for (const s of ['check out my channel!!', 'visit www.example.com 123', '', 'ALL CAPS and digits 42', 'tab\there\nnewline', everyAscii]) {
      expect(textFingerprint(s, true)).toBe(textFingerprint(s));
    }
    // The flag comes from the normaliser, which sets it only for ASCII text.
    expect(normalize('plain text').ascii).toBe(true);
    expect(normalize('café').ascii).toBeUndefined();
  });

  it('are 16 hex digits and stable across calls', () => {
    expect(fp('stable')).toMatch(/^[0-9a-f]{16}$/);
    expect(fp('stable')).toBe(fp('stable'));
  });

  it('spread similar texts apart (no trivial collisions over many near-duplicates)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20000; i++) seen.add(textFingerprint(`comment number ${i}`));
    expect(seen.size).toBe(20000);
  });
});

describe('identity fingerprints', () => {
  it('ignore case and surrounding space', () => {
    expect(identityFingerprint(' Ann@Example.org ')).toBe(identityFingerprint('ann@example.org'));
    expect(identityFingerprint('ann@example.org')).not.toBe(identityFingerprint('anne@example.org'));
  });
});
