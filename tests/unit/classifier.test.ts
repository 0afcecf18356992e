// The classifier: table reading, deterministic training, calibration, the
// shipped models on clear examples from the corpora, and the check's rule file
// section.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deduplicate, loadFeedback, type Example } from '../../src/classifier/corpora';
import { isSpamDecision } from '../../src/classifier/evaluate-crossval';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, tokenize } from '../../src/classifier/features';
import { decodeModel, modelFileText, type LinearModel } from '../../src/classifier/linear-model';
import { fitPlatt } from '../../src/classifier/logistic-regression';
import { seededRandom } from '../../src/util/seeded-random';
import { trainModels } from '../../src/classifier/pipeline';
import { explainScores, MultiLabelScorer, topContributions } from '../../src/classifier/scorer';
import { parseTable } from '../../src/classifier/table-reader';
import { FeatureCache, RECIPES, trainLabel } from '../../src/classifier/train';
import { moderate } from '../../src/moderation/engine';
import { EMPTY_HISTORY } from '../../src/moderation/types';
import { loadRuleBook } from '../../src/ruleset/loader';

const MODELS = ['spam', 'toxic', 'hate'] as const;
const shipped = Object.fromEntries(
  MODELS.map((label) => [label, decodeModel(JSON.parse(readFileSync(`rules/models/${label}.json`, 'utf8')))]),
) as Record<(typeof MODELS)[number], ReturnType<typeof decodeModel>>;
const scorer = new MultiLabelScorer(MODELS.map((l) => shipped[l].model));

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
    sample.push({ text: `${words[Math.floor(random() * 4)]} ${words[Math.floor(random() * 4)]} ${i}`, source: 'youtube:test', labels: { spam: spam ? 1 : 0, toxic: 0, hate: 0 } });
  }
  const data = [{ file: 'sample.csv', sha256: 'a'.repeat(64), rows: sample.length }];
  const train = (seedShift = 0) =>
    trainModels(sample, data, { labels: ['spam'], cache: new FeatureCache({ ...DEFAULT_FEATURE_CONFIG, hashBits: 12 }), seedShift }).get('spam')!;

  it('gives byte-identical model files from the same data', () => {
    expect(modelFileText(train())).toBe(modelFileText(train()));
  });

  it('gives different weights with a different seed, so the comparison above can fail', () => {
    expect(train(1).weights.data).not.toBe(train().weights.data);
  });

  it('separates the sample and records the data it used', () => {
    const file = train();
    const { model } = decodeModel(JSON.parse(modelFileText(file)));
    const p = (text: string) => new MultiLabelScorer([model]).score(text).spam!;
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
    const extra: Example[] = plain.flatMap((p, i) => Array.from({ length: 60 }, (_, k) => ({ text: `${p} ${k} tweet ${i}`, source: 'davidson', labels: { spam: 0 as const, toxic: 0 as const, hate: 0 as const } })));
    const cache = new FeatureCache({ ...DEFAULT_FEATURE_CONFIG, hashBits: 12 });
    const trained = trainLabel(deduplicate([...sample, ...extra]), { label: 'spam', cache, recipe: { ...RECIPES.spam, sourceWeights: { davidson: 0.2 } } });
    const { scores, labels, weights } = trained.outOfFold;
    expect(weights.filter((w) => w === 0.2)).toHaveLength(extra.length);
    expect(trained.model.calibration).toEqual(fitPlatt(scores, labels, weights));
    // Counting the extra negatives in full would have set another curve, with a lower base rate.
    expect(fitPlatt(scores, labels).b).toBeLessThan(trained.model.calibration.b);
    const file = train();
    expect(file.training.settings.calibration).toBe('platt on out-of-fold logits, weighted by source as in training');
  });

  it('lets a moderator decision override a corpus label for the same text', () => {
    const merged = deduplicate([
      { text: 'Visit my page!', source: 'youtube:x', labels: { spam: 1 } },
      { text: 'visit  my page', source: 'feedback', labels: { spam: 0, toxic: 0, hate: 0 } },
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
  // Texts taken from the corpora (YouTube spam, SMS spam, Davidson, Civil Comments).
  it.each([
    ['Hey guys check out my new channel and our first vid THIS IS US THE  MONKEYS!!! please leave a like comment  and please subscribe!!!!', 'spam'],
    ['Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005. Text FA to 87121 to receive entry question', 'spam'],
    ["Because he's a moron and a bigot. It's not any more complicated than that.", 'toxic'],
    ['How about we stop protecting idiots and let nature add some bleach to the gene pool.', 'toxic'],
  ])('flags %j as %s', (text, label) => {
    expect(scorer.score(text)[label]).toBeGreaterThan(0.5);
  });

  it.each([
    'Ok lar... Joking wif u oni...',
    'This song never gets old, still listening in 2015',
    'The council should publish the budget before the vote so residents can comment on it.',
  ])('leaves %j below every threshold', (text) => {
    const s = scorer.score(text);
    expect(s.spam).toBeLessThan(0.5);
    expect(s.toxic).toBeLessThan(0.5);
    expect(s.hate).toBeLessThan(0.25);
  });

  it('names the words behind a spam score', () => {
    const top = topContributions(shipped.spam.model, 'please subscribe to my channel', 3).map((f) => f.feature);
    expect(top).toContain('subscribe');
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

  it('extracts one feature vector shared by all three labels', () => {
    // 12 words: 12 unigrams + 11 bigrams + 2 boundary bigrams (start-I,
    // projects-end) + 2 shape features (length, capitals).
    const comment = 'I really do not understand why the council keeps approving these projects';
    expect(extractFeatures(comment, DEFAULT_FEATURE_CONFIG).indices.length).toBe(27);
    expect(new Set(MODELS.map((l) => JSON.stringify(shipped[l].model.features))).size).toBe(1);
    expect(shipped.spam.model.features.boundaries).toBe(true);
  });

  it('pairs the first and the last word with the start and the end of the comment', () => {
    const withMarks = (text: string) => new Set(extractFeatures(text, DEFAULT_FEATURE_CONFIG).indices);
    const without = (text: string) => new Set(extractFeatures(text, { ...DEFAULT_FEATURE_CONFIG, boundaries: false }).indices);
    // youtube-spam: the request opens the comment; a reader's sentence has the same words inside.
    const opening = withMarks('Subscribe if you are watching in 2015');
    const inside = withMarks('I wonder if you subscribe if you are watching in 2015');
    const extra = [...opening].filter((i) => !without('Subscribe if you are watching in 2015').has(i));
    expect(extra).toHaveLength(2);
    expect(inside.has(extra[0]!)).toBe(false); // "<start> subscribe" only where it opens the comment
    expect(inside.has(extra[1]!)).toBe(true); // both end with "2015"
    // A model file written before the marks existed names no "boundaries" and is scored without them.
    const old = JSON.parse(readFileSync('rules/models/spam.json', 'utf8'));
    delete old.features.boundaries;
    expect(decodeModel(old).model.features.boundaries).toBeUndefined();
    expect(new Set(extractFeatures('Subscribe if you are watching in 2015', decodeModel(old).model.features).indices)).toEqual(without('Subscribe if you are watching in 2015'));
  });

  it('tokenises plain ASCII and accented text alike', () => {
    expect(tokenize("Don't say 'hello', World!! it's 2024")).toEqual(["don't", 'say', 'hello', 'world', "it's", '2024']);
    expect(tokenize('Café naïve ÉCOLE')).toEqual(['cafe', 'naive', 'ecole']);
    expect(tokenize('read www.example.com now')).toEqual(['read', 'xxurl', 'www', 'example', 'com', 'now']);
  });

  it('explains several labels from one extraction exactly as one at a time', () => {
    const text = 'subscribe to my channel you stupid idiot';
    const together = explainScores([shipped.spam.model, shipped.toxic.model], text, 3);
    expect(together).toEqual([topContributions(shipped.spam.model, text, 3), topContributions(shipped.toxic.model, text, 3)]);
    expect(together[1]!.map((f) => f.feature)).toContain('idiot');
    // The check's path: right after scoring, from the scorer's interleaved weights.
    scorer.score(text);
    expect(scorer.explain(text, ['spam', 'toxic'], 3)).toEqual(together);
    expect(scorer.explain('a different text about the council budget', ['toxic'], 3)).not.toEqual([together[1]]);
  });
});

describe('spam decision of the leave-one-video-out measure', () => {
  const reason = (rule: string, action: 'approve' | 'hold' | 'reject') => ({ check: rule.split('.')[0]!, rule, action, message: '', evidence: {} });
  const decision = (...reasons: ReturnType<typeof reason>[]) => ({ action: 'hold' as const, reasons, scores: {}, rulesVersion: 'x' });

  it('counts the spam classifier and the content spam checks, not swearing', () => {
    expect(isSpamDecision(decision(reason('classifier.spam', 'hold')))).toBe(true);
    expect(isSpamDecision(decision(reason('links.bare', 'hold')))).toBe(true);
    expect(isSpamDecision(decision(reason('patterns.money', 'hold')))).toBe(true);
    expect(isSpamDecision(decision(reason('profanity.severe', 'hold'), reason('classifier.toxic', 'hold')))).toBe(false);
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
    expect(d.reasons.map((r) => r.rule)).not.toContain('classifier.hate');
  });
});

describe('classifier rule section', () => {
  function rules(section: string, extraFiles: Record<string, string> = {}): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'classifier-rules-'));
    mkdirSync(path.join(dir, 'models'));
    cpSync('rules/lists', path.join(dir, 'lists'), { recursive: true });
    for (const label of MODELS) writeFileSync(path.join(dir, 'models', `${label}.json`), readFileSync(`rules/models/${label}.json`));
    for (const [name, text] of Object.entries(extraFiles)) writeFileSync(path.join(dir, name), text);
    // Only the classifier runs, so no other check can decide (or stop) a comment first.
    const others = ['profanity', 'links', 'patterns', 'shape', 'history'].map((c) => `  ${c}: { enabled: false }\n`).join('');
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
    const section = (ignore: string) => `${ignore}    labels:\n      toxic: { model: models/toxic.json, hold: 0.5 }\n      hate: { model: models/hate.json, hold: 0.5, reject: 0.5 }\n`;
    const text = 'Dick Van Dyke sang and danced on the rooftops';
    const seen = moderate(loadRuleBook(rules(section(''))).defaultRules, { site: 'default', name: 'a', text }, EMPTY_HISTORY, 0);
    const hidden = moderate(loadRuleBook(rules(section('    ignorePhrases: [lists/profanity-allow.txt]\n'))).defaultRules, { site: 'default', name: 'a', text }, EMPTY_HISTORY, 0);
    expect(hidden.scores.toxic).toBeLessThan(0.5);
    expect(hidden.scores.toxic).toBeLessThan(seen.scores.toxic!);
    expect(hidden.action).toBe('approve');
  });

  it('lets a label act below the section minWords when it sets its own', () => {
    const book = loadRuleBook(rules('    minWords: 4\n    labels:\n      spam: { model: models/spam.json, hold: 0.5, minWords: 1 }\n'));
    const short = moderate(book.defaultRules, { site: 'default', name: 'a', text: 'subscribe my channel' }, EMPTY_HISTORY, 0);
    expect(short.reasons.map((r) => r.rule)).toEqual(['classifier.spam']);
  });

  it('scores but does not act on comments shorter than minWords', () => {
    const book = loadRuleBook(rules('    minWords: 4\n    labels:\n      spam: { model: models/spam.json, hold: 0.5 }\n'));
    const short = moderate(book.defaultRules, { site: 'default', name: 'a', text: 'subscribe my channel' }, EMPTY_HISTORY, 0);
    expect(short.scores.spam).toBeGreaterThan(0.5);
    expect(short.reasons).toEqual([]);
  });

  it('rejects a reject threshold below the hold threshold', () => {
    expect(() => loadRuleBook(rules('    labels:\n      spam: { model: models/spam.json, hold: 0.8, reject: 0.5 }\n'))).toThrow(/checks\.classifier\.labels\.spam.*reject must not be below hold/);
  });

  it('refuses a model file whose label differs from the section name', () => {
    expect(() => loadRuleBook(rules('    labels:\n      toxic: { model: models/spam.json, hold: 0.5 }\n'))).toThrow(/holds a "spam" model/);
  });

  it('names a model file that is not a model', () => {
    expect(() => loadRuleBook(rules('    labels:\n      spam: { model: notes.json, hold: 0.5 }\n', { 'notes.json': '{"hello": 1}' }))).toThrow(/notes\.json.*not a model file/);
  });
});

export type { LinearModel };
