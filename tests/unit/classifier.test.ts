// The classifier: table reading, deterministic training, calibration, the
// shipped models on clear examples from the corpora, and the check's rule file
// section.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deduplicate, loadFeedback, type Example } from '../../src/classifier/corpora';
import { isSpamDecision } from '../../src/evaluation/crossval';
import { DEFAULT_FEATURE_CONFIG, decodeModel, modelFileText, type LinearModel } from '../../src/classifier/linear-model';
import { fitPlatt } from '../../src/classifier/logistic-regression';
import { seededRandom } from '../../src/util/seeded-random';
import { trainModels } from '../../src/classifier/pipeline';
import { CommentScorer } from '../../src/classifier/scorer';
import { decodeVectors } from '../../src/classifier/word-vectors';
import { existsSync } from 'node:fs';
import { parseTable } from '../../src/classifier/table-reader';
import { FeatureCache, RECIPES, sentenceConfig, trainLabel } from '../../src/classifier/train';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';

const MODELS = ['spam', 'toxicity', 'severe_toxicity', 'identity_attack', 'insult'] as const;
const shipped = Object.fromEntries(
  MODELS.map((label) => [label, decodeModel(JSON.parse(readFileSync(`rules/models/${label}.json`, 'utf8')))]),
) as Record<(typeof MODELS)[number], ReturnType<typeof decodeModel>>;
const vectors = existsSync('rules/models/word-vectors.json') ? decodeVectors(readFileSync('rules/models/word-vectors.json', 'utf8')) : null;
const scorer = new CommentScorer(MODELS.map((l) => shipped[l].model), { vectors });
const score = (text: string) => scorer.scoreByLabel(text);

describe('table reader', () => {
  it('keeps commas, doubled quotes and newlines inside quoted CSV fields', () => {
    const rows = parseTable('id,text,label\n1,"hello, ""world""\nsecond line",1\r\n2,plain,0\n', 'csv');
    expect(rows).toEqual([
      { id: '1', text: 'hello, "world"\nsecond line', label: '1' },
      { id: '2', text: 'plain', label: '0' },
    ]);
  });

  it('reads headerless TSV with given column names, quotes kept as written', () => {
    expect(parseTable('ham\tsay "hi\nspam\tWIN now', 'tsv', ['label', 'text'])).toEqual([
      { label: 'ham', text: 'say "hi' },
      { label: 'spam', text: 'WIN now' },
    ]);
  });

  it('names the line of an unterminated quote', () => {
    expect(() => parseTable('a,b\n1,"open\n2,x\n', 'csv')).toThrow(/line 2/);
  });
});

describe('training', () => {
  const sample: Example[] = [];
  const random = seededRandom(7);
  const spammy = ['check out my channel', 'subscribe for free gift cards', 'win money now at', 'visit my page'];
  const plain = ['great song', 'I love this video', 'the chorus is so catchy', 'my favourite band'];
  for (let i = 0; i < 120; i++) {
    const spam = i % 2 === 0;
    const words = spam ? spammy : plain;
    sample.push({ text: `${words[Math.floor(random() * 4)]} ${words[Math.floor(random() * 4)]} ${i}`, source: 'youtube:test', labels: { spam: spam ? 1 : 0, toxicity: 0 } });
  }
  const data = [{ file: 'sample.csv', sha256: 'a'.repeat(64), rows: sample.length }];
  const train = (seedShift = 0) =>
    trainModels(sample, data, { labels: ['spam'], cache: new FeatureCache({ ...DEFAULT_FEATURE_CONFIG, hashBits: 12 }), seedShift }).get('spam')!;
  const trainToxicity = () =>
    trainModels(
      sample.map((ex, i) => ({ ...ex, labels: { toxicity: (i % 2) as 0 | 1 } , text: i % 2 ? `you stupid idiot ${i}` : `a fine council meeting ${i}` })),
      data,
      { labels: ['toxicity'], cache: new FeatureCache({ ...DEFAULT_FEATURE_CONFIG, hashBits: 12 }, sentenceConfig(['muslim', 'christian'], null, 12)) },
    ).get('toxicity')!;

  it('gives byte-identical model files from the same data', () => {
    expect(modelFileText(train())).toBe(modelFileText(train()));
    expect(modelFileText(trainToxicity())).toBe(modelFileText(trainToxicity()));
  });

  it('records the training prior of a sentence model, for the site base rate', () => {
    const file = trainToxicity();
    expect(file.features.level).toBe('sentence');
    expect(file.features.identityTerms).toEqual(['muslim', 'christian']);
    expect(file.calibration.prior).toBeCloseTo(0.5, 1);
  });

  it('gives different weights with a different seed, so the comparison above can fail', () => {
    expect(train(1).weights.data).not.toBe(train().weights.data);
  });

  it('separates the sample and records the data it used', () => {
    const file = train();
    const { model } = decodeModel(JSON.parse(modelFileText(file)));
    const p = (text: string) => new CommentScorer([model]).scoreByLabel(text).spam!;
    expect(p('check out my channel for free gift cards')).toBeGreaterThan(0.8);
    expect(p('I love this song, so catchy')).toBeLessThan(0.2);
    expect(file.training.data).toEqual(data);
  });

  it('fits Platt scaling close to the curve that generated the labels', () => {
    const rand = seededRandom(3);
    const scores: number[] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = rand() * 8 - 4;
      scores.push(s);
      labels.push(rand() < 1 / (1 + Math.exp(-(2 * s - 1))) ? 1 : 0);
    }
    const { a, b } = fitPlatt(scores, labels);
    expect(a).toBeCloseTo(2, 0);
    expect(b).toBeCloseTo(-1, 0);
  });

  it('weighs each score in Platt scaling as often as its weight says', () => {
    const rand = seededRandom(5);
    const scores: number[] = [];
    const labels: (0 | 1)[] = [];
    const weights: number[] = [];
    for (let i = 0; i < 4_000; i++) {
      const s = rand() * 8 - 4;
      scores.push(s);
      labels.push(rand() < 1 / (1 + Math.exp(-(1.5 * s + 0.5))) ? 1 : 0);
      weights.push(1 + Math.floor(rand() * 3));
    }
    // Every weight 1: the unweighted fit, bit for bit (labels without source weights keep their models).
    expect(fitPlatt(scores, labels, scores.map(() => 1))).toEqual(fitPlatt(scores, labels));
    // Whole weights: the same fit as repeating each score that many times.
    const repeated = { scores: [] as number[], labels: [] as (0 | 1)[] };
    scores.forEach((s, i) => {
      for (let k = 0; k < weights[i]!; k++) {
        repeated.scores.push(s);
        repeated.labels.push(labels[i]!);
      }
    });
    const weighted = fitPlatt(scores, labels, weights);
    const expanded = fitPlatt(repeated.scores, repeated.labels);
    expect(weighted.a).toBeCloseTo(expanded.a, 8);
    expect(weighted.b).toBeCloseTo(expanded.b, 8);
    // Down-weighting the negatives raises the fitted base rate (b), as calibrating
    // spam on tweets counted at 0.2 should.
    const fewerNegatives = fitPlatt(scores, labels, labels.map((y) => (y === 1 ? 1 : 0.2)));
    expect(fewerNegatives.b).toBeGreaterThan(fitPlatt(scores, labels).b + 1);
  });

  it('calibrates on the source weights of the recipe, not on raw counts', () => {
    // The sample plus plain negatives from a source the spam recipe counts at 0.2.
    const extra: Example[] = plain.flatMap((p, i) => Array.from({ length: 60 }, (_, k) => ({ text: `${p} ${k} tweet ${i}`, source: 'davidson', labels: { spam: 0 as const, toxicity: 0 as const } })));
    const cache = new FeatureCache({ ...DEFAULT_FEATURE_CONFIG, hashBits: 12 });
    const trained = trainLabel(deduplicate([...sample, ...extra]), { label: 'spam', cache, recipe: { ...RECIPES.spam, sourceWeights: { davidson: 0.2 } } });
    const { scores, labels, weights } = trained.outOfFold;
    expect(weights.filter((w) => w === 0.2)).toHaveLength(extra.length);
    expect(trained.model.calibration).toEqual(fitPlatt(scores, labels, weights));
    // Counting the extra negatives in full would have set another curve, with a lower base rate.
    expect(fitPlatt(scores, labels).b).toBeLessThan(trained.model.calibration.b);
    const file = train();
    expect(file.training.settings.calibration).toBe('platt on out-of-fold logits, weighted as in training');
  });

  it('lets a moderator decision override a corpus label for the same text', () => {
    const merged = deduplicate([
      { text: 'Visit my page!', source: 'youtube:x', labels: { spam: 1 } },
      { text: 'visit  my page', source: 'feedback', labels: { spam: 0, toxicity: 0 } },
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.labels.spam).toBe(0);
  });

  it('reads feedback lines and refuses unknown labels with the line number', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feedback-'));
    const good = path.join(dir, 'good.jsonl');
    writeFileSync(good, '{"text":"buy followers now","label":"spam"}\n{"text":"nice article","label":"clean"}\n');
    const { examples, record } = loadFeedback(good);
    expect(examples.map((e) => e.labels.spam)).toEqual([1, 0]);
    expect(record.sha256).toBe(createHash('sha256').update(readFileSync(good, 'utf8')).digest('hex'));
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"text":"ok","label":"clean"}\n{"text":"x","label":"rude"}\n');
    expect(() => loadFeedback(bad)).toThrow(/line 2: label must be one of/);
  });
});

describe('shipped models', () => {
  // Texts taken from the corpora (YouTube spam, SMS spam, Civil Comments).
  it.each([
    ['Hey guys check out my new channel and our first vid THIS IS US THE  MONKEYS!!! please leave a like comment  and please subscribe!!!!', 'spam'],
    ['Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005. Text FA to 87121 to receive entry question', 'spam'],
    ["Because he's a moron and a bigot. It's not any more complicated than that.", 'toxicity'],
    ['How about we stop protecting idiots and let nature add some bleach to the gene pool.', 'toxicity'],
    ['You idiot', 'insult'],
  ])('flags %j as %s', (text, label) => {
    expect(score(text)[label]).toBeGreaterThan(0.5);
  });

  it.each([
    'Ok lar... Joking wif u oni...',
    'This song never gets old, still listening in 2015',
    'The council should publish the budget before the vote so residents can comment on it.',
  ])('leaves %j below every threshold', (text) => {
    const s = score(text);
    for (const label of MODELS) expect(s[label]).toBeLessThan(0.5);
  });

  it('does not let length stand for toxicity: a long calm comment scores like its sentences', () => {
    const sentence = 'The council should publish the budget before the vote so residents can comment on it.';
    const long = Array.from({ length: 8 }, () => sentence).join(' ');
    expect(score(long).toxicity).toBeLessThan(0.5);
    expect(Math.abs(score(long).toxicity! - score(sentence).toxicity!)).toBeLessThan(0.01);
  });

  it('records the SHA-256 of every data file it used, matching the files and the model card', () => {
    const card = readFileSync('rules/models/MODEL_CARD.md', 'utf8');
    for (const label of MODELS) {
      for (const d of shipped[label].file.training.data) {
        expect(createHash('sha256').update(readFileSync(path.join('data/corpora', d.file), 'utf8')).digest('hex')).toBe(d.sha256);
        expect(card).toContain(d.sha256);
      }
    }
  });

  it('reads every listed identity term as one word: swapping identities changes no score', () => {
    const terms = shipped.toxicity.model.features.identityTerms!;
    expect(terms).toEqual(expect.arrayContaining(['muslim', 'christian', 'gay', 'middle eastern']));
    const sentenceScores = (text: string) => MODELS.filter((l) => l !== 'spam').map((l) => score(text)[l]);
    const base = sentenceScores("I'm a Muslim mother of two");
    for (const other of ['Christian', 'Jewish', 'gay', 'Black', 'Middle Eastern']) expect(sentenceScores(`I'm a ${other} mother of two`)).toEqual(base);
  });

  it('names the words behind a score with their offsets in the text as sent, never a stop-word', () => {
    const text = 'Well, the mayor is a total idiot and a liar.';
    const s = scorer.score(text);
    expect(s.probabilities[MODELS.indexOf('toxicity')]).toBeGreaterThan(0.5);
    const evidence = scorer.explain('toxicity', 5);
    expect(evidence[0]!.feature).toBe('idiot');
    const at = text.indexOf('idiot');
    expect(evidence[0]!.spans).toEqual([{ start: at, end: at + 5 }]);
    for (const e of evidence) expect(['the', 'is', 'a', 'and']).not.toContain(e.feature);
  });

  it('points evidence at the text as sent when it is not plain ASCII', () => {
    const text = 'Ｙｏｕ are an ÍDIOT, see www.example.com';
    scorer.score(text);
    const idiot = scorer.explain('toxicity', 5).find((e) => e.feature === 'idiot')!;
    expect(text.slice(idiot.spans[0]!.start, idiot.spans[0]!.end)).toBe('ÍDIOT');
  });

  it('explains a word repeated thousands of times in time that grows with the text, each span once and in order', () => {
    // Each repeat of "1" used to be checked against every span already kept:
    // 10,000 repeats took 40 ms, many times the share of twenty 500-repeat texts.
    const explainMs = (text: string, times: number) => {
      scorer.score(text);
      let best = Infinity;
      for (let r = 0; r < 5; r++) {
        const started = process.hrtime.bigint();
        for (let k = 0; k < times; k++) scorer.explain('spam', 5);
        best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
      }
      return best;
    };
    const long = '1 '.repeat(10_000);
    const short = '1 '.repeat(500);
    explainMs(long, 1);
    explainMs(short, 20);
    // Linear work gives about 1; the quadratic scan gave 3.3 here and 5-6 outside jest.
    expect(explainMs(long, 1) / explainMs(short, 20)).toBeLessThan(2);
    scorer.score(long);
    const one = scorer.explain('spam', 5).find((e) => e.feature === '1' || e.feature === '(long number)');
    expect(one?.spans).toHaveLength(10_000);
    expect(one!.spans.every((s, i) => i === 0 || s.start > one!.spans[i - 1]!.start)).toBe(true);
  });
});

describe('spam decision of the leave-one-video-out measure', () => {
  const reason = (rule: string, action: 'approve' | 'hold' | 'reject') => ({ check: rule.split('.')[0]!, rule, action, message: '', evidence: {} });
  const decision = (...reasons: ReturnType<typeof reason>[]) => ({ action: 'hold' as const, reasons, scores: {}, rulesVersion: 'x' });

  it('counts the spam classifier and the content spam checks, not swearing', () => {
    expect(isSpamDecision(decision(reason('classifier.spam', 'hold')))).toBe(true);
    expect(isSpamDecision(decision(reason('links.bare', 'hold')))).toBe(true);
    expect(isSpamDecision(decision(reason('patterns.money', 'hold')))).toBe(true);
    expect(isSpamDecision(decision(reason('profanity.severe', 'hold'), reason('classifier.toxicity', 'hold')))).toBe(false);
    expect(isSpamDecision(decision(reason('shape.shouting', 'approve')))).toBe(false);
  });
});

describe('default rules on names and insults', () => {
  const book = loadRuleBook('rules');
  const decide = (text: string) => moderate(book.defaultRules, { site: 'default', name: 'reader', text }, EMPTY_HISTORY, 0);

  it.each(['Dick Van Dyke sang', 'Dick Van Dyke sang beautifully in Mary Poppins', 'She graduated magna cum laude from Yale last year'])('approves %j', (text) => {
    expect(decide(text).action).toBe('approve');
  });

  it('holds an insult that is offensive, not hate speech', () => {
    const d = decide('you are a cunt');
    expect(d.action).toBe('hold');
    expect(d.reasons.map((r) => r.action)).not.toContain('reject');
  });
});

describe('classifier rule section', () => {
  function rules(section: string, extraFiles: Record<string, string> = {}): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'classifier-rules-'));
    mkdirSync(path.join(dir, 'models'));
    cpSync('rules/lists', path.join(dir, 'lists'), { recursive: true });
    cpSync('rules/models', path.join(dir, 'models'), { recursive: true });
    for (const [name, text] of Object.entries(extraFiles)) writeFileSync(path.join(dir, name), text);
    // Only the classifier runs, so no other check can decide (or stop) a comment first.
    const others = ['profanity', 'threat', 'dehumanisation', 'links', 'patterns', 'shape', 'history'].map((c) => `  ${c}: { enabled: false }\n`).join('');
    writeFileSync(path.join(dir, 'default.yaml'), `checks:\n${others}  classifier:\n${section}`);
    return dir;
  }

  it('holds at the hold threshold and explains the score', () => {
    const book = loadRuleBook(rules('    labels:\n      spam: { model: models/spam.json, hold: 0.5 }\n'));
    const decision = moderate(book.defaultRules, { site: 'default', name: 'a', text: 'subscribe to my channel please, check out my videos' }, EMPTY_HISTORY, 0);
    const reason = decision.reasons.find((r) => r.rule === 'classifier.spam')!;
    expect(reason.action).toBe('hold');
    expect(reason.evidence.threshold).toBe(0.5);
    expect(reason.evidence.score).toBe(decision.scores.spam);
    expect(reason.message).toMatch(/spam classifier gives 0\.\d\d|1\.00/);
    expect(reason.evidence.topFeatures!.length).toBeGreaterThan(0);
  });

  it('approves every false-positive trap (Scunthorpe, cocktail, coon hound, ...)', () => {
    const book = loadRuleBook(rules(readFileSync('rules/default.yaml', 'utf8').split('  classifier:\n')[1]!));
    const traps = parseTable(readFileSync('data/corpora/profanity/false_positive_traps.tsv', 'utf8'), 'tsv');
    expect(traps.length).toBeGreaterThan(400);
    const flagged = traps
      .filter((t) => t.text)
      .filter((t) => moderate(book.defaultRules, { site: 'default', name: 'a', text: t.text! }, EMPTY_HISTORY, 0).reasons.some((r) => r.check === 'classifier'));
    expect(flagged.map((t) => t.text)).toEqual([]);
  });

  it('hides allowed names from the models: Dick Van Dyke is not an insult', () => {
    const section = (ignore: string) => `${ignore}    labels:\n      toxicity: { model: models/toxicity.json, hold: 0.5 }\n`;
    const text = 'Dick Van Dyke sang and danced on the rooftops';
    const seen = moderate(loadRuleBook(rules(section(''))).defaultRules, { site: 'default', name: 'a', text }, EMPTY_HISTORY, 0);
    const hidden = moderate(loadRuleBook(rules(section('    ignorePhrases: [lists/profanity-allow.txt]\n'))).defaultRules, { site: 'default', name: 'a', text }, EMPTY_HISTORY, 0);
    expect(hidden.scores.toxicity).toBeLessThan(seen.scores.toxicity!);
    expect(hidden.action).toBe('approve');
  });

  it('judges short comments too: no word count lets "You idiot" through', () => {
    const book = loadRuleBook(rules('    labels:\n      toxicity: { model: models/toxicity.json, prior: 0.07, hold: 0.5 }\n'));
    const d = moderate(book.defaultRules, { site: 'default', name: 'a', text: 'You idiot' }, EMPTY_HISTORY, 0);
    expect(d.action).toBe('hold');
  });

  it('holds a short comment the toxicity model cannot clear, at the shortText threshold', () => {
    const section = (hold: number) => `    labels:\n      toxicity: { model: models/toxicity.json, prior: 0.07, hold: 0.99 }\n    shortText: { label: toxicity, maxWords: 3, hold: ${hold} }\n`;
    const text = 'Shut up, clown';
    const p = moderate(loadRuleBook(rules(section(0.99))).defaultRules, { site: 'default', name: 'a', text }, EMPTY_HISTORY, 0).scores.toxicity!;
    expect(p).toBeLessThan(0.99);
    const held = moderate(loadRuleBook(rules(section(p / 2))).defaultRules, { site: 'default', name: 'a', text }, EMPTY_HISTORY, 0);
    expect(held.reasons.map((r) => r.rule)).toEqual(['classifier.short_text']);
    // The same words in a longer comment are judged at the label's own threshold.
    const long = moderate(loadRuleBook(rules(section(p / 2))).defaultRules, { site: 'default', name: 'a', text: `${text}, said nobody at the meeting about the budget` }, EMPTY_HISTORY, 0);
    expect(long.reasons.map((r) => r.rule)).not.toContain('classifier.short_text');
  });

  it('moves probabilities to the site base rate set as the prior', () => {
    const at = (prior: number) => moderate(loadRuleBook(rules(`    labels:\n      toxicity: { model: models/toxicity.json, prior: ${prior}, hold: 0.99 }\n`)).defaultRules, { site: 'default', name: 'a', text: 'What a silly idea' }, EMPTY_HISTORY, 0).scores.toxicity!;
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(logit(at(0.2)) - logit(at(0.05))).toBeCloseTo(logit(0.2) - logit(0.05), 2);
  });

  it('leaves counter-speech sentences out of the toxicity score', () => {
    const d = (text: string) => moderate(loadRuleBook('rules').defaultRules, { site: 'default', name: 'a', text }, EMPTY_HISTORY, 0);
    expect(d('Saying immigrants are vermin is disgusting.').action).toBe('approve');
    expect(d('Saying immigrants are vermin is disgusting. You are a disgusting idiot.').action).not.toBe('approve');
  });

  it('rejects a reject threshold below the hold threshold', () => {
    expect(() => loadRuleBook(rules('    labels:\n      spam: { model: models/spam.json, hold: 0.8, reject: 0.5 }\n'))).toThrow(/checks\.classifier\.labels\.spam.*reject must not be below hold/);
  });

  it('refuses a model file whose label differs from the section name', () => {
    expect(() => loadRuleBook(rules('    labels:\n      toxicity: { model: models/spam.json, hold: 0.5 }\n'))).toThrow(/holds a "spam" model/);
  });

  it('names a model file that is not a model', () => {
    expect(() => loadRuleBook(rules('    labels:\n      spam: { model: notes.json, hold: 0.5 }\n', { 'notes.json': '{"hello": 1}' }))).toThrow(/notes\.json.*not a model file/);
  });
});

export type { LinearModel };
