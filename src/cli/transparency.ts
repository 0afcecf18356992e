// `moderate transparency export --since DATE --until DATE [--site S] [--out DIR]`:
// statements of reasons as DSA Transparency Database records, without personal
// data, in batches of 100: one JSON line per batch on stdout
// (`{"statements":[...]}`, the body the database's API takes), or one file per
// batch in DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { loadRuleBook } from '../ruleset/loader';
import { exportTransparency } from '../service/notices/transparency-export';
import { withCliDatabase } from '../store/cli-database';
import { parseFlags } from './check';
import { UsageError, type CliIo } from './io';

const USAGE = 'usage: moderate transparency export --since DATE --until DATE [--site SITE] [--out DIR]';

function parseDate(raw: string | undefined, flag: string): Date {
  if (raw === undefined) throw new UsageError(`${flag} is required\n${USAGE}`);
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} must be a date like 2025-01-31 or an ISO 8601 time, got "${raw}"`);
  return date;
}

export async function runTransparency(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'export') throw new UsageError(USAGE);
  const flags = parseFlags(rest, ['--since', '--until', '--site', '--out']);
  const since = parseDate(flags['--since'], '--since');
  const until = parseDate(flags['--until'], '--until');
  if (until <= since) throw new UsageError('--until must be after --since');
  const out = flags['--out'];
  if (out) mkdirSync(out, { recursive: true });
  const rules = loadRuleBook(loadConfig(io.env).RULES_DIR);
  let n = 0;
  const report = await withCliDatabase(io.env, (msg) => io.stderr.write(`${msg}\n`), (store) =>
    exportTransparency(store, rules, { since, until, site: flags['--site'] }, (statements) => {
      const body = JSON.stringify({ statements });
      if (out) writeFileSync(path.join(out, `statements-${String(++n).padStart(5, '0')}.json`), `${body}\n`);
      else io.stdout.write(`${body}\n`);
    }));
  io.stderr.write(`exported ${report.statements} statements of reasons in ${report.batches} batches\n`);
  return 0;
}
