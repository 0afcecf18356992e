// How the toxicity judgement holds up, per source, on comments it was not
// trained on: a held-out part of every source (one fold in five, by post, so
// a Civil Comments post's sentences stay together), and each source left out
// of training altogether. Every comment goes through the whole engine with
// the rules given and the models trained for the split; reported per source:
// the ROC AUC of the toxicity score, the share of benign comments held or
// rejected, the share of toxic ones flagged.
import { rmSync } from 'node:fs';
import { cutPost, foldOf, loadCorpora, SENTENCE_LABELS, type Example } from '../classifier/corpora';
import { rocAuc } from '../classifier/metrics';
import { parseTable } from '../classifier/table-reader';
import { moderate } from '../moderation/engine';
import { EMPTY_HISTORY } from '../moderation/types';
import { loadRuleBook } from '../ruleset/loader';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rulesWithModels, withoutTexts, type TrainingSetup } from './crossval';

/** A comment to judge: the whole text, its truth, and what keeps its copies out of training. */
export interface TestComment {
  source: string;
  text: string;
  toxic: boolean;
  /** Training examples to leave out when this comment is tested (its sentences, its post). */
  group: string;
}

export interface SourceResult {
  source: string;
  benign: number;
  toxic: number;
  auc: number;
  benignHeld: number;
  toxicFlagged: number;
}

const EVAL_SOURCES = ['civil', 'davidson', 'toxigen', 'templates'] as const;

/**
 * The test comments of the corpora: Civil Comments posts whole (toxic) and
 * what is left of them without their toxic sentences (benign, when two or
 * more sentences are left: a calm news comment from the same writers);
 * Davidson tweets; ToxiGen statements; identity template sentences; YouTube
 * and SMS ham (benign only).
 */
export function testComments(dataDir: string, examples: readonly Example[]): TestComment[] {
  const out: TestComment[] = [];
  for (const name of ['tsd_train.csv', 'tsd_trial.csv']) {
    for (const row of parseTable(readFileSync(path.join(dataDir, 'civil-comments-toxic-spans', name), 'utf8'), 'csv')) {
      const spans = JSON.parse(row.spans || '[]') as number[];
      const body = row.text ?? '';
      if (spans.length === 0) continue;
      const cut = cutPost(body, spans);
      out.push({ source: 'civil', text: body, toxic: true, group: body });
      const calm = cut.sentences.filter((s) => !s.toxic);
      if (calm.length >= 2 && calm.length < cut.sentences.length) out.push({ source: 'civil', text: calm.map((s) => s.text).join(' '), toxic: false, group: body });
    }
  }
  for (const ex of examples) {
    const src = ex.source.split(':')[0]!;
    if (src === 'davidson' || src === 'toxigen' || src === 'templates') out.push({ source: src, text: ex.text, toxic: ex.labels.toxicity === 1, group: ex.text });
    else if ((src === 'youtube' || src === 'sms') && ex.labels.toxicity === 0) out.push({ source: 'youtube+sms ham', text: ex.text, toxic: false, group: ex.text });
  }
  return out;
}

function measure(rulesDir: string, tests: readonly TestComment[]): SourceResult[] {
  const rules = loadRuleBook(rulesDir).defaultRules;
  const bySource = new Map<string, { scores: number[]; labels: boolean[]; held: number; flagged: number }>();
  for (const t of tests) {
    const d = moderate(rules, { site: 'default', name: 'reader', text: t.text }, EMPTY_HISTORY, 0);
    const r = bySource.get(t.source) ?? { scores: [], labels: [], held: 0, flagged: 0 };
    r.scores.push(d.scores.toxicity ?? 0);
    r.labels.push(t.toxic);
    if (d.action !== 'approve') t.toxic ? r.flagged++ : r.held++;
    bySource.set(t.source, r);
  }
  return [...bySource].map(([source, r]) => {
    const toxic = r.labels.filter(Boolean).length;
    const benign = r.labels.length - toxic;
    const pos = r.scores.filter((_, i) => r.labels[i]);
    const neg = r.scores.filter((_, i) => !r.labels[i]);
    return { source, benign, toxic, auc: toxic > 0 && benign > 0 ? rocAuc(pos, neg) : NaN, benignHeld: benign ? r.held / benign : NaN, toxicFlagged: toxic ? r.flagged / toxic : NaN };
  });
}

export interface ToxicityEvaluation {
  heldOut: SourceResult[];
  crossSource: SourceResult[];
}

export function evaluateToxicity(dataDir: string, rulesDir: string, setup: TrainingSetup, log: (l: string) => void = () => {}, only: 'held-out' | 'cross-source' | 'both' = 'both'): ToxicityEvaluation {
  const corpus = loadCorpora(dataDir);
  const tests = testComments(dataDir, corpus.examples);
  const result: ToxicityEvaluation = { heldOut: [], crossSource: [] };
  const run = (name: string, train: Example[], test: TestComment[]) => {
    const dir = rulesWithModels(train, corpus.files, rulesDir, setup, (l) => log(`  ${name} ${l}`), undefined, SENTENCE_LABELS);
    try {
      return measure(dir, test);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  if (only !== 'cross-source') {
    // One fold in five, by post or text.
    const test = tests.filter((t) => foldOf(t.group, 5) === 0);
    const groups = new Set(test.map((t) => t.group));
    const train = withoutTexts(corpus.examples.filter((ex) => !groups.has(ex.group ?? ex.text)), test.map((t) => ({ text: t.text, source: '', labels: {} })));
    log(`held-out: ${test.length} comments`);
    result.heldOut = run('held-out', train, test);
  }
  if (only !== 'held-out') {
    for (const source of EVAL_SOURCES) {
      const test = tests.filter((t) => t.source === source);
      const train = corpus.examples.filter((ex) => !ex.source.split(':')[0]!.startsWith(source));
      log(`without ${source}: ${test.length} comments`);
      result.crossSource.push(...run(`without ${source}`, train, test).filter((r) => r.source === source));
    }
  }
  return result;
}
