// `moderate train [--data DIR] [--out DIR] [--with-feedback FILE] [--groups FILE] [--vectors FILE]`:
// trains the models from the labelled corpora (plus moderator decisions, when
// given) and writes rules/models/<label>.json, and beside them the word
// vectors the sentence models read. Seeds are fixed, so the same data gives
// byte-identical files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpora, loadFeedback, LABELS, type Label } from '../classifier/corpora';
import { identityTermsOf, parseGroupList } from '../classifier/identity-terms';
import { modelFileText } from '../classifier/linear-model';
import { trainModels } from '../classifier/pipeline';
import { FeatureCache, sentenceConfig } from '../classifier/train';
import { DEFAULT_FEATURE_CONFIG } from '../classifier/linear-model';
import { decodeVectors, type WordVectors } from '../classifier/word-vectors';
import { parseFlags } from './check';
import { UsageError, type CliIo } from './io';

export const VECTORS_NAME = 'word-vectors.json';

/** The features training uses: the identity terms of a group list, and word vectors when given. */
export function trainingFeatures(groupsFile: string, vectorsFile: string | null): { cache: FeatureCache; vectorsText: string | null } {
  if (!existsSync(groupsFile)) throw new UsageError(`--groups: no such file: ${groupsFile}`);
  const terms = identityTermsOf(parseGroupList(readFileSync(groupsFile, 'utf8')));
  let vectors: WordVectors | null = null;
  let vectorsText: string | null = null;
  if (vectorsFile) {
    if (!existsSync(vectorsFile)) throw new UsageError(`--vectors: no such file: ${vectorsFile}`);
    vectorsText = readFileSync(vectorsFile, 'utf8');
    vectors = decodeVectors(vectorsText);
  }
  const config = sentenceConfig(terms, vectors ? { file: VECTORS_NAME, vectors } : null);
  return { cache: new FeatureCache(DEFAULT_FEATURE_CONFIG, config, vectors), vectorsText };
}

export async function runTrain(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, ['--data', '--out', '--with-feedback', '--labels', '--groups', '--vectors']);
  const dataDir = path.resolve(io.cwd, flags['--data'] ?? 'data/corpora');
  const outDir = path.resolve(io.cwd, flags['--out'] ?? 'rules/models');
  if (!existsSync(dataDir)) throw new UsageError(`--data: no such directory: ${dataDir}`);
  const labels = (flags['--labels'] ?? LABELS.join(',')).split(',').map((l) => l.trim());
  const unknown = labels.find((l) => !(LABELS as readonly string[]).includes(l));
  if (unknown !== undefined) throw new UsageError(`--labels: unknown label "${unknown}" (known: ${LABELS.join(', ')})`);
  const groupsFile = path.resolve(io.cwd, flags['--groups'] ?? 'rules/lists/protected-groups.txt');
  const vectorsFlag = flags['--vectors'] ?? 'data/word-vectors/minilm-64.json';
  const vectorsFile = vectorsFlag === 'none' ? null : path.resolve(io.cwd, vectorsFlag);

  const log = (line: string) => io.stderr.write(`${line}\n`);
  const corpus = loadCorpora(dataDir);
  const examples = [...corpus.examples];
  const files = [...corpus.files];
  const feedbackFile = flags['--with-feedback'];
  if (feedbackFile) {
    const file = path.resolve(io.cwd, feedbackFile);
    if (!existsSync(file)) throw new UsageError(`--with-feedback: no such file: ${file}`);
    let feedback: ReturnType<typeof loadFeedback>;
    try {
      feedback = loadFeedback(file);
    } catch (err) {
      throw new UsageError(`--with-feedback: ${(err as Error).message}`);
    }
    examples.push(...feedback.examples);
    files.push(feedback.record);
    log(`feedback: ${feedback.examples.length} decisions from ${feedback.record.file}`);
  }
  for (const f of files) log(`data ${f.file}: ${f.rows} rows, sha256 ${f.sha256}`);

  const { cache, vectorsText } = trainingFeatures(groupsFile, vectorsFile);
  const models = trainModels(examples, files, { labels: labels as Label[], cache, log });
  mkdirSync(outDir, { recursive: true });
  const written: Array<[string, string]> = [];
  for (const [label, model] of models) written.push([path.join(outDir, `${label}.json`), modelFileText(model)]);
  if (vectorsText !== null) written.push([path.join(outDir, VECTORS_NAME), vectorsText]);
  for (const [target, text] of written) {
    writeFileSync(target, text);
    io.stdout.write(`${path.relative(io.cwd, target) || target}\t${Buffer.byteLength(text)} bytes\tsha256 ${createHash('sha256').update(text).digest('hex')}\n`);
  }
  return 0;
}
