// The classifier's fast paths must not change what the models see: plain
// comments scanned in place versus through canonicalText, words from the
// bounded word table versus freshly stemmed, and the allowed-phrase skip.
import { readFileSync } from 'node:fs';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, tokenize } from '../../src/classifier/features';
import { decodeModel } from '../../src/classifier/linear-model';
import { MultiLabelScorer } from '../../src/classifier/scorer';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';

const vector = (text: string) => {
  const x = extractFeatures(text, DEFAULT_FEATURE_CONFIG);
  return [...x.indices].map((b, i) => `${b}:${x.values[i]!.toFixed(6)}`).sort();
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
    // More distinct words than the table holds: it is cleared on the way.
    const flood = Array.from({ length: 40_000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    expect(tokenize(flood)).toHaveLength(40_000);
    expect(vector(`${flood} ${text}`).length).toBeGreaterThan(0);
    expect(vector(text)).toEqual(before);
  });

  it('marks links, mentions and long numbers as before', () => {
    expect(tokenize('Call 0800 123 4567 or see bit.ly/x, @Someone')).toEqual(['call', 'xxnumber', '0800', '123', '4567', 'or', 'see', 'xxurl', 'bit', 'ly', 'x', 'xxmention']);
  });

  it('explains from the scoring pass with the words as written, in lower case', () => {
    const models = ['spam', 'toxic', 'hate'].map((l) => decodeModel(JSON.parse(readFileSync(`rules/models/${l}.json`, 'utf8'))).model);
    const scorer = new MultiLabelScorer(models);
    scorer.score('SUBSCRIBE to my CHANNEL please SUBSCRIBE');
    const [spam] = scorer.explain('SUBSCRIBE to my CHANNEL please SUBSCRIBE', ['spam'], 3);
    expect(spam!.map((f) => f.feature)).toContain('subscribe');
  });

  it('still hides an allowed name that appears only as an @mention', () => {
    const rules = loadRuleBook('rules').defaultRules;
    const decide = (text: string) => moderate(rules, { site: 'default', name: 'reader', text }, EMPTY_HISTORY, 0);
    const text = '@Scunthorpe great match today lads, well played all';
    const scores = decide(text).scores;
    const models = ['spam', 'toxic', 'hate'].map((l) => decodeModel(JSON.parse(readFileSync(`rules/models/${l}.json`, 'utf8'))).model);
    const hidden = new MultiLabelScorer(models).score(text.replace('Scunthorpe', ' '));
    for (const label of ['spam', 'toxic', 'hate']) expect(scores[label]).toBe(Math.round(hidden[label]! * 10_000) / 10_000);
  });
});
