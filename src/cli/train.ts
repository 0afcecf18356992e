// `moderate train [--data DIR] [--out DIR] [--with-feedback FILE]`: trains the
// spam, toxic and hate models from the labelled corpora (plus moderator
// decisions, when given) and writes rules/models/<label>.json. Seeds are fixed,
// so the same data gives byte-identical files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpora, loadFeedback, LABELS, type Label } from '../classifier/corpora';
import { modelFileText } from '../classifier/linear-model';
import { trainModels } from '../classifier/pipeline';
import { parseFlags } from './check';
import { UsageError, type CliIo } from './io';

export async function runTrain(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, ['--data', '--out', '--with-feedback', '--labels']);
  const dataDir = path.resolve(io.cwd, flags['--data'] ?? 'data/corpora');
  const outDir = path.resolve(io.cwd, flags['--out'] ?? 'rules/models');
  if (!existsSync(dataDir)) throw new UsageError(`--data: no such directory: ${dataDir}`);
  const labels = (flags['--labels'] ?? LABELS.join(',')).split(',').map((l) => l.trim());
  const unknown = labels.find((l) => !(LABELS as readonly string[]).includes(l));
  if (unknown !== undefined) throw new UsageError(`--labels: unknown label "${unknown}" (known: ${LABELS.join(', ')})`);

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

  const models = trainModels(examples, files, { labels: labels as Label[], log });
  mkdirSync(outDir, { recursive: true });
  for (const [label, model] of models) {
    const text = modelFileText(model);
    const target = path.join(outDir, `${label}.json`);
    writeFileSync(target, text);
    io.stdout.write(`${path.relative(io.cwd, target) || target}\t${Buffer.byteLength(text)} bytes\tsha256 ${createHash('sha256').update(text).digest('hex')}\n`);
  }
  return 0;
}
