// Throughput on one core: 40-word comments cut from real news comments,
// scored for every label (one feature extraction per comment), then the whole
// engine (every check of the rule set, as the service runs it, explanations
// included); plus the process's memory with the models loaded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeModel } from '../classifier/linear-model';
import { CommentScorer } from '../classifier/scorer';
import { decodeVectors } from '../classifier/word-vectors';
import { parseTable } from '../classifier/table-reader';
import { decide, prepare } from '../moderation/engine';
import { EMPTY_HISTORY } from '../moderation/types';
import { loadRuleBook } from '../ruleset/loader';

export interface SpeedResult {
  comments: number;
  wordsPerComment: number;
  commentsPerSecond: number;
  /** prepare + decide with the default rules of the rules directory. */
  engineCommentsPerSecond: number;
  rssMegabytes: number;
  modelBytes: number;
}

/** 40-word windows of the Civil Comments trial file, repeated to `count`. */
export function fortyWordComments(dataDir: string, count: number): string[] {
  const rows = parseTable(readFileSync(path.join(dataDir, 'civil-comments-toxic-spans/tsd_trial.csv'), 'utf8'), 'csv');
  const words = rows.flatMap((r) => (r.text ?? '').split(/\s+/).filter(Boolean));
  const out: string[] = [];
  for (let i = 0; out.length < count; i = (i + 40) % Math.max(40, words.length - 40)) out.push(words.slice(i, i + 40).join(' '));
  return out;
}

export function measureSpeed(rulesDir: string, modelFiles: string[], dataDir: string, count = 50_000): SpeedResult {
  let modelBytes = 0;
  const models = modelFiles.map((f) => {
    const text = readFileSync(path.join(rulesDir, f), 'utf8');
    modelBytes += Buffer.byteLength(text);
    return decodeModel(JSON.parse(text)).model;
  });
  const named = models.find((m) => m.features.vectors)?.features.vectors;
  const vectors = named ? decodeVectors(readFileSync(path.join(rulesDir, 'models', named.file), 'utf8')) : null;
  const scorer = new CommentScorer(models, { vectors });
  const comments = fortyWordComments(dataDir, count);
  // Warm-up: JIT and the stem cache, as in a running service.
  for (let i = 0; i < Math.min(5000, comments.length); i++) scorer.score(comments[i]!);
  const started = process.hrtime.bigint();
  let sink = 0;
  for (const c of comments) sink += scorer.score(c).probabilities[0]!;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (Number.isNaN(sink)) throw new Error('a score was not a number');

  const rules = loadRuleBook(rulesDir).defaultRules;
  const run = (text: string) => decide(rules, prepare({ site: 'default', name: 'reader', text }), EMPTY_HISTORY, 0).reasons.length;
  for (let i = 0; i < Math.min(5000, comments.length); i++) sink += run(comments[i]!);
  const engineStarted = process.hrtime.bigint();
  for (const c of comments) sink += run(c);
  const engineSeconds = Number(process.hrtime.bigint() - engineStarted) / 1e9;
  return {
    comments: comments.length,
    wordsPerComment: 40,
    commentsPerSecond: comments.length / seconds,
    engineCommentsPerSecond: comments.length / engineSeconds,
    rssMegabytes: process.memoryUsage().rss / 1e6,
    modelBytes,
  };
}
