// `moderate feedback export [--since DATE] [--until DATE] > feedback.jsonl`:
// moderators' decisions as labelled JSON Lines for `npm run train -- --with-feedback FILE`.
import { exportFeedback } from '../service/feedback-export';
import { withCliDatabase } from '../store/cli-database';
import { parseFlags } from './check';
import { UsageError, type CliIo } from './io';

const USAGE = 'usage: moderate feedback export [--since DATE] [--until DATE] > feedback.jsonl';

function parseDate(raw: string | undefined, flag: string): Date | undefined {
  if (raw === undefined) return undefined;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} must be a date like 2025-01-31 or an ISO 8601 time, got "${raw}"`);
  return date;
}

export async function runFeedback(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'export') throw new UsageError(USAGE);
  const flags = parseFlags(rest, ['--since', '--until']);
  const since = parseDate(flags['--since'], '--since');
  const until = parseDate(flags['--until'], '--until');
  const report = await withCliDatabase(io.env, (msg) => io.stderr.write(`${msg}\n`), (store) =>
    exportFeedback(store, { since, until }, (line) => io.stdout.write(`${JSON.stringify(line)}\n`)));
  io.stderr.write(`exported ${report.lines} labelled lines from ${report.comments} moderated comments (${report.skipped} without a usable label)\n`);
  return 0;
}
