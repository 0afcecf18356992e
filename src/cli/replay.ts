// `moderate replay`: candidate rules over stored comments, compared with the
// stored decisions and with moderators. The work is in src/ruleset/replay/
// (pure) and src/cli/replay/ (database stream, flags, progress bar).
import path from 'node:path';
import { evaluateFailIf } from '../ruleset/replay/fail-if';
import { formatReport } from '../ruleset/replay/format-report';
import { metricsOf } from '../ruleset/replay/report';
import { replayComments } from '../ruleset/replay/run-replay';
import { loadRulesOrExplain } from './check';
import { UsageError, type CliIo } from './io';
import { parseReplayArgs } from './replay/args';
import { isTerminal, progressBar } from './replay/progress';
import { openReplayDatabase } from './replay/replay-database';

export async function runReplay(argv: string[], io: CliIo): Promise<number> {
  const args = parseReplayArgs(argv);
  // Rules first: a broken candidate is reported before any database is touched.
  const book = loadRulesOrExplain(path.resolve(io.cwd, args.rulesDir));
  const db = await openReplayDatabase(io);
  try {
    const filter = { site: args.site, since: args.since };
    const total = isTerminal(io.stderr) ? await db.count(filter, args.limit).catch(() => 0) : 0;
    const progress = progressBar(io.stderr, total);
    const report = await replayComments(db.comments(filter, { limit: args.limit, batchSize: args.batchSize }), book, {
      sampleSize: args.sampleSize,
      onProgress: (done) => progress.update(done),
    }).catch((err: Error) => {
      // A database failure is not a verdict on the candidate: never exit 1 for it.
      if (/^Mongo|^EmbeddedReadError$/.test(err.name)) throw new UsageError(`database error while reading comments: ${err.message}`);
      throw err;
    });
    progress.finish();
    report.failIf = evaluateFailIf(args.failIf, metricsOf(report));
    io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return report.failIf.some((r) => r.failed) ? 1 : 0;
  } finally {
    await db.close();
  }
}
