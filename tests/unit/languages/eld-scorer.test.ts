// The engine scores eld's database with its own loop (eld-scorer.ts, for
// speed); it must give what eld.detect gives: the language, whether it is
// reliable, and the scores, on comments in many languages and shapes.
import { readFileSync } from 'node:fs';
import { eld } from '../../../src/moderation/language/eld-library';
import { eldScores } from '../../../src/moderation/language/eld-scorer';
import { CASES } from './cases';

function texts(): string[] {
  const out: string[] = [];
  for (const line of readFileSync('data/languages/short-sentences.tsv', 'utf8').split('\n')) if (line && !line.startsWith('#')) out.push(line.split('\t')[1]!);
  for (const c of Object.values(CASES)) out.push(...c.plain, ...c.evasive, ...c.innocent);
  const sms = readFileSync('data/corpora/sms-spam/SMSSpamCollection.tsv', 'utf8').split('\n').map((l) => l.split('\t')[1]).filter((t): t is string => !!t);
  out.push(...sms.slice(0, 400));
  // Scripts and shapes beyond the Latin alphabet: Cyrillic, Greek, CJK, emoji (surrogate pairs), digits only, empty.
  out.push('Это очень хорошая статья, спасибо', 'Αυτό είναι ένα καλό άρθρο', '这是一篇很好的文章', '素晴らしい記事です', '😀 great 😀 article 😀', '12345', '', '   ', "don't won’t can`t", 'a'.repeat(2000));
  return out;
}

describe("the engine's eld scorer", () => {
  it.each(texts().map((t) => [t.slice(0, 50), t]))('agrees with eld.detect on %j', (_label, text) => {
    const reference = eld().detect(text);
    const ours = eldScores(text);
    expect(ours.language).toBe(reference.language);
    expect(ours.reliable).toBe(reference.isReliable());
    const scores = Object.values(reference.getScores()).sort((a, b) => b - a);
    expect(ours.best).toBeCloseTo(scores[0] ?? 0, 12);
    expect(ours.second).toBeCloseTo(scores[1] ?? 0, 12);
    for (const [code, value] of Object.entries(reference.getScores())) expect([code, ours.scoreOf(code)]).toEqual([code, expect.closeTo(value, 12)]);
  });
});
