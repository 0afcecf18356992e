// `moderate eval --crossval youtube|davidson` and `moderate eval --speed`: the
// reproducible figures of the model card (cross-validation retrains the models
// per split: minutes, not seconds).
import path from 'node:path';
import { existsSync } from 'node:fs';
import { davidsonCrossValidation, youtubeLeaveOneVideoOut } from '../evaluation/crossval';
import { measureSpeed } from '../evaluation/speed';
import { evaluateToxicity, type SourceResult } from '../evaluation/toxicity';
import { UsageError, type CliIo } from './io';
import { loadRuleBook } from '../ruleset/loader';
import { runSuite, type SuitePart } from '../evaluation/harm-suite';
import { identitySwaps } from '../evaluation/identity-swaps';
import { multiClassReport } from './eval-report';
import { trainingFeatures } from './train';

/** The identity terms and word vectors training uses, as `moderate train` would take them. */
export function trainingSetup(flags: Record<string, string>, io: CliIo) {
  const vectors = flags['--vectors'] ?? 'data/word-vectors/minilm-64.json';
  return trainingFeatures(path.resolve(io.cwd, flags['--groups'] ?? 'rules/lists/protected-groups.txt'), vectors === 'none' ? null : path.resolve(io.cwd, vectors));
}

export async function runCrossval(flags: Record<string, string>, json: boolean, io: CliIo): Promise<number> {
  const mode = flags['--crossval'];
  if (mode !== 'youtube' && mode !== 'davidson' && mode !== 'toxicity') throw new UsageError(`--crossval must be "youtube", "davidson" or "toxicity", not "${mode}"`);
  const corpora = path.resolve(io.cwd, flags['--corpora'] ?? 'data/corpora');
  const rulesDir = path.resolve(io.cwd, flags['--rules'] ?? 'rules');
  if (!existsSync(corpora)) throw new UsageError(`--corpora: no such directory: ${corpora}`);
  if (!existsSync(path.join(rulesDir, 'default.yaml'))) throw new UsageError(`--rules: no default.yaml in ${rulesDir}`);
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const setup = trainingSetup(flags, io);
  if (mode === 'toxicity') {
    const result = evaluateToxicity(corpora, rulesDir, setup, log);
    if (json) {
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    const row = (r: SourceResult) => `${r.source.padEnd(16)} ${String(r.benign).padStart(6)} ${String(r.toxic).padStart(6)}  ${r.auc.toFixed(3).padStart(5)}  ${(r.benignHeld * 100).toFixed(1).padStart(5)} %  ${(r.toxicFlagged * 100).toFixed(1).padStart(5)} %`;
    const head = 'source           benign  toxic    AUC  benign held  toxic flagged';
    io.stdout.write(`held out (one fold in five, trained on the rest)\n${head}\n${result.heldOut.map(row).join('\n')}\n\neach source left out of training\n${head}\n${result.crossSource.map(row).join('\n')}\n`);
    return 0;
  }
  if (mode === 'youtube') {
    const results = youtubeLeaveOneVideoOut(corpora, rulesDir, setup, log);
    if (json) {
      io.stdout.write(`${JSON.stringify(results.map(({ video, metrics }) => ({ video, ...metrics })))}\n`);
      return 0;
    }
    const lines = ['held-out video        precision  recall     F1   (tp fp fn tn)'];
    for (const { video, metrics: m } of results) {
      lines.push(`${video.padEnd(20)}  ${m.precision.toFixed(3).padStart(9)}  ${m.recall.toFixed(3).padStart(6)}  ${m.f1.toFixed(3).padStart(5)}   (${m.tp} ${m.fp} ${m.fn} ${m.tn})`);
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  {
    const folds = flags['--folds'] === undefined ? 5 : Number(flags['--folds']);
    if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError('--folds must be a whole number from 2 to 20');
    const result = davidsonCrossValidation(corpora, rulesDir, setup, folds, log);
    if (json) {
      io.stdout.write(`${JSON.stringify({ folds, weightedF1: result.pooled.weightedF1, hateRecall: result.hateRecall, pooled: result.pooled, perFold: result.perFold })}\n`);
      return 0;
    }
    const lines = [
      `Davidson, ${folds}-fold cross-validation, whole engine (expected: hate -> reject, offensive -> hold, neither -> approve)`,
      multiClassReport(result.pooled, 'expected \\ decided'),
      `hate rejected (recall of hate as reject): ${result.hateRecall.toFixed(3)}`,
      ...result.perFold.map((f) => `  fold ${f.fold}: weighted F1 ${f.weightedF1.toFixed(3)}, hate rejected ${f.hateRecall.toFixed(3)}`),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
}

/** Scores 40-word comments with the models the rules' classifier section names. */
export async function runSpeed(flags: Record<string, string>, json: boolean, io: CliIo): Promise<number> {
  const corpora = path.resolve(io.cwd, flags['--corpora'] ?? 'data/corpora');
  const rulesDir = path.resolve(io.cwd, flags['--rules'] ?? 'rules');
  if (!existsSync(corpora)) throw new UsageError(`--corpora: no such directory: ${corpora}`);
  const models = ['spam', 'toxicity', 'severe_toxicity', 'identity_attack', 'insult'].map((l) => `models/${l}.json`).filter((f) => existsSync(path.join(rulesDir, f)));
  if (models.length === 0) throw new UsageError(`--rules: no models/*.json in ${rulesDir}`);
  const result = measureSpeed(rulesDir, models, corpora);
  io.stdout.write(
    json
      ? `${JSON.stringify(result)}\n`
      : `classifier: ${Math.round(result.commentsPerSecond)} comments/s (${result.comments} comments of ${result.wordsPerComment} words, ${models.length} labels, one core); whole engine with ${path.relative(io.cwd, rulesDir) || rulesDir}/default.yaml: ${Math.round(result.engineCommentsPerSecond)} comments/s; RSS ${result.rssMegabytes.toFixed(0)} MB with ${(result.modelBytes / 1e6).toFixed(2)} MB of model files loaded\n`,
  );
  return 0;
}

/** `moderate eval --harm-suite dev|test|all`: the harm suite through the whole engine. */
export async function runHarmSuite(flags: Record<string, string>, json: boolean, io: CliIo): Promise<number> {
  const part = flags['--harm-suite'] as SuitePart;
  if (!['dev', 'test', 'all'].includes(part)) throw new UsageError(`--harm-suite must be dev, test or all, not "${part}"`);
  const rulesDir = path.resolve(io.cwd, flags['--rules'] ?? 'rules');
  const dataDir = path.resolve(io.cwd, flags['--suite-data'] ?? 'data');
  const r = runSuite(loadRuleBook(rulesDir).defaultRules, dataDir, part);
  if (json) {
    io.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  }
  const pct = (a: number, b: number) => `${a} / ${b} (${((a / b) * 100).toFixed(1)} %)`;
  const lines = [`harm suite, ${part} part: ${r.pairs} pairs`, `harmful flagged: ${pct(r.harmfulFlagged, r.pairs)}`, `safe twins approved: ${pct(r.safeApproved, r.pairs)}`];
  for (const [c, v] of Object.entries(r.byCategory)) lines.push(`  ${c.padEnd(16)} harmful ${v.harmfulFlagged}/${v.pairs}, safe ${v.safeApproved}/${v.pairs}`);
  if (part !== 'test') for (const m of r.misses) lines.push(`  miss (${m.expected}, got ${m.action}) [${m.category}] ${m.text}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `moderate eval --identity-swaps`: decisions that change when only the identity in a benign template sentence changes. */
export async function runIdentitySwaps(flags: Record<string, string>, json: boolean, io: CliIo): Promise<number> {
  const rulesDir = path.resolve(io.cwd, flags['--rules'] ?? 'rules');
  const corpora = path.resolve(io.cwd, flags['--corpora'] ?? 'data/corpora');
  const rules = loadRuleBook(rulesDir).defaultRules;
  const benign = identitySwaps(rules, corpora, 'nontoxic');
  const toxic = identitySwaps(rules, corpora, 'toxic');
  if (json) {
    io.stdout.write(`${JSON.stringify({ benign, toxic })}\n`);
    return 0;
  }
  const line = (name: string, r: typeof benign) =>
    `${name}: ${r.changed} of ${r.sentences} decisions change with the identity (${(r.rate * 100).toFixed(2)} %), ${r.groups} sentences with the identity swapped${r.worst.length ? `; most changed: ${r.worst.map((w) => `${w.identity} ${w.changed}`).join(', ')}` : ''}`;
  io.stdout.write(`${line('benign templates', benign)}\n${line('toxic templates', toxic)}\n${benign.examples.map((e) => `  ${e}`).join('\n')}\n`);
  return 0;
}
