// The classifier's fast paths must not change what the models see: plain
// comments scanned in place versus through the canonical text, words from the
// bounded word table versus freshly stemmed, and the allowed-phrase skip.
import { readFileSync } from 'node:fs';
import { canonicalMapped } from '../../src/classifier/text/canonical';
import { WordScanner, wordsOf } from '../../src/classifier/text/word-scan';
import { PLAIN_VOCABULARY, WordTable } from '../../src/classifier/text/word-table';
import { CommentVectorizer } from '../../src/classifier/features/comment-vector';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';

const scanner = new WordScanner(new WordTable(PLAIN_VOCABULARY));
const tokenize = (text: string) => wordsOf(scanner, text);
const vectorizer = new CommentVectorizer();
const vector = (text: string) => {
  const n = vectorizer.build(scanner.scan(text), 18, true);
  const x = vectorizer.vector();
  return [...x.indices.subarray(0, n)].map((b, i) => `${b}:${x.values[i]!.toFixed(6)}`).sort();
};

describe('classifier fast paths', () => {
  it('scans a plain comment in place: the words of its lower-cased copy', () => {
    const text = "Don't you THINK the Council's plan is WRONG?! I really do";
    expect(tokenize(text)).toEqual(tokenize(text.toLowerCase()));
    // Only the capitals feature differs.
    const [a, b] = [vector(text), vector(text.toLowerCase())];
    expect(a.filter((f) => !b.includes(f))).toHaveLength(1);
  });

  it('gives the same features when the word table is full and cleared mid-comment', () => {
    const text = 'please subscribe to my channel for more videos';
    const before = vector(text);
    const flood = Array.from({ length: 40_000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    expect(tokenize(flood)).toHaveLength(40_000);
    expect(vector(`${flood} ${text}`).length).toBeGreaterThan(0);
    expect(vector(text)).toEqual(before);
  });

  it('marks links, mentions and long numbers as before', () => {
    expect(tokenize('Call 0800 123 4567 or see bit.ly/x, @Someone')).toEqual(['call', 'xxnumber', '0800', '123', '4567', 'or', 'see', 'xxurl', 'bit', 'ly', 'x', 'xxmention']);
  });

  it('tokenises plain ASCII and accented text alike', () => {
    expect(tokenize("Don't say 'hello', World!! it's 2024")).toEqual(["don't", 'say', 'hello', 'world', "it's", '2024']);
    expect(tokenize('Café naïve ÉCOLE')).toEqual(['cafe', 'naive', 'ecole']);
    expect(tokenize('read www.example.com now')).toEqual(['read', 'xxurl', 'www', 'example', 'com', 'now']);
  });

  it('maps every word back to the characters the reader wrote', () => {
    const text = 'Ｆｉｒｓｔ café, then www.example.com! @Ann 0800 123 4567';
    const r = scanner.scan(text);
    expect(scanner.resolveOffsets(r)).toBe(true);
    const spans = Array.from({ length: r.count }, (_, k) => text.slice(r.starts[k]!, r.ends[k]!));
    expect(spans).toEqual(['Ｆｉｒｓｔ', 'café', 'then', 'www.example.com!', 'www', 'example', 'com', '@Ann', '0800 123 4567', '0800', '123', '4567']);
    const m = canonicalMapped(text);
    expect(m.from!.length).toBe(m.text.length);
  });

  it('cuts sentences at stops followed by space and at line breaks, not inside numbers', () => {
    const r = scanner.scan('It costs 3.5 million. Too much!\nAgreed');
    expect(Array.from(r.sentenceStarts.subarray(0, r.sentences))).toEqual([0, 5, 7]);
  });

  it('still hides an allowed name that appears only as an @mention', () => {
    const rules = loadRuleBook('rules').defaultRules;
    const decide = (text: string) => moderate(rules, { site: 'default', name: 'reader', text }, EMPTY_HISTORY, 0);
    const text = '@Scunthorpe great match today lads, well played all';
    const blanked = text.replace('Scunthorpe', ' '.repeat('Scunthorpe'.length));
    for (const label of ['spam', 'toxicity', 'severe_toxicity', 'identity_attack', 'insult']) expect(decide(text).scores[label]).toBe(decide(blanked).scores[label]);
    expect(readFileSync('rules/lists/profanity-allow.txt', 'utf8')).toMatch(/scunthorpe/i);
  });
});
