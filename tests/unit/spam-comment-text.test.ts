// The one-pass survey of ASCII comments must give exactly what the general
// tokeniser, shape measurements and digit count give, since the spam checks
// use whichever applies to the text.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvRecords } from '../../src/classifier/table-reader';
import { normalize } from '../../src/moderation/normalize';
import { digitsOf, shapeOf, surveyAscii, tokensOf } from '../../src/moderation/spam/comment-text';
import { caseStats, textStats } from '../../src/moderation/spam/shape-stats';
import { tokenize, Tokens } from '../../src/moderation/spam/tokens';

const corpora = 'data/corpora';
const read = (rel: string) => readFileSync(path.join(corpora, rel), 'utf8');

function corpusTexts(): string[] {
  const texts: string[] = [];
  for (const line of read('sms-spam/SMSSpamCollection.tsv').split('\n')) texts.push(line.split('\t')[1] ?? '');
  for (const file of readdirSync(path.join(corpora, 'youtube-spam')).filter((f) => f.endsWith('.csv'))) {
    for (const row of parseCsvRecords(read(`youtube-spam/${file}`)).slice(1)) texts.push(row[3] ?? '');
  }
  for (const row of parseCsvRecords(read('davidson-hate-offensive/labeled_data.csv')).slice(1)) texts.push(row[6] ?? '');
  for (const row of parseCsvRecords(read('civil-comments-toxic-spans/tsd_train.csv')).slice(1)) texts.push(row[1] ?? '');
  for (const s of JSON.parse(read('profanity/blns.json')) as string[]) texts.push(s);
  return texts;
}

const EDGES = [
  '', ' ', '$', '$$5', '$500$', '5$5', 'a$5', '$a', '500$ and $5.99 or 1,000.50 and 2.5k, 3m views',
  "don't 'quoted' it's rock'n'roll 90's ''", 'end.Next 1.2.3 1,2,,3 a,b 5,a a.5 .5 5.',
  'AAAAAAA!!!!!!   wow\t\tso\nmuch  ', 'call 0800-123-4567 or +44 (20) 7946 0958', 'k m 5k 5m 5km $k',
];

/** What differs between the survey and the general functions on one text ('' when nothing does). */
function difference(text: string, into: Tokens): string {
  const n = normalize(text);
  const survey = surveyAscii(n.text, n.original, into);
  const general = tokenize(n.text);
  if (into.count !== general.count) return `${JSON.stringify(text)}: ${into.count} tokens, tokenize gives ${general.count}`;
  for (let i = 0; i < general.count; i++) {
    const got = [into.starts[i], into.ends[i], into.kinds[i], into.hashes[i]].join();
    const want = [general.starts[i], general.ends[i], general.kinds[i], general.hashes[i]].join();
    if (got !== want) return `${JSON.stringify(text)}: token ${i} is ${got}, tokenize gives ${want}`;
  }
  const got = JSON.stringify([survey.cases, survey.stats, survey.digits]);
  const want = JSON.stringify([caseStats(text), textStats(n.text), (n.text.match(/[0-9]/g) ?? []).length]);
  return got === want ? '' : `${JSON.stringify(text)}: shape and digits ${got}, general ${want}`;
}

const differences = (texts: string[]) => {
  const into = new Tokens(0);
  return texts.map((t) => difference(t, into)).filter(Boolean);
};

describe('comment text survey', () => {
  it('gives the tokeniser, shape and digit results for tricky ASCII', () => {
    expect(differences(EDGES)).toEqual([]);
  });

  it('gives them for every ASCII text of the corpora and the naughty strings', () => {
    const ascii = corpusTexts().filter((t) => normalize(t).ascii);
    expect(ascii.length).toBeGreaterThan(30_000);
    expect(differences(ascii).slice(0, 5)).toEqual([]);
  });

  it('serves every check of one comment from one computation, and other text from the general functions', () => {
    const n = normalize('Buy NOW at $5.99, call 0800 123 4567!!!');
    const tokens = tokensOf(n);
    expect(tokens.values()).toEqual(['buy', 'now', 'at', '$5.99', 'call', '0800', '123', '4567']);
    expect(shapeOf(n).cases).toEqual({ cased: 12, upper: 4 });
    expect(digitsOf(n)).toBe(14);
    expect(tokensOf(n)).toBe(tokens);

    const other = normalize('Ｃall me: ０８００ 123 4567 café');
    expect(other.ascii).toBeUndefined();
    expect(tokensOf(other).values()).toEqual(tokenize(other.text).values());
    expect(shapeOf(other)).toEqual({ cases: caseStats(other.original), stats: textStats(other.text) });
    expect(digitsOf(other)).toBe(11);
  });
});
