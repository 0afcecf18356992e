// `moderate replay` options. Unlike `check`, some flags repeat (--fail-if)
// and some take no value (--json), so it has its own small parser.
import { FailIfSyntaxError, parseFailIf, type FailIfCondition } from '../../ruleset/replay/fail-if';
import { UsageError } from '../io';

export interface ReplayArgs {
  rulesDir: string;
  site?: string;
  since?: Date;
  limit?: number;
  json: boolean;
  sampleSize: number;
  failIf: FailIfCondition[];
  batchSize: number;
}

const VALUE_FLAGS = ['--rules', '--site', '--since', '--limit', '--sample', '--fail-if', '--batch-size'] as const;
const SWITCHES = ['--json'] as const;

export const REPLAY_USAGE = `usage: moderate replay --rules DIR [--site S] [--since DATE] [--limit N] [--json] [--sample K] [--fail-if "precision<0.95"]... [--batch-size N]
  Runs the candidate rules in DIR over stored comments (oldest first) and compares them with the stored
  decisions and with moderators' decisions. Database: MONGODB_URI (read through a cursor, --batch-size
  comments per round trip), else the embedded database's files under DATA_DIR (read directly; no server
  is started, so this is safe while the service runs on them).
  exit codes: 0 ok, 1 a --fail-if condition holds, 2 usage, input or database error
`;

function positiveInt(flag: string, raw: string, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new UsageError(`${flag} needs a whole number from 1 to ${max}, got "${raw}"`);
  return Number(raw);
}

/** ISO 8601 dates only ("2025-03-01", "2025-03-01T12:00:00Z"): other formats parse differently per platform. */
export function parseSince(raw: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
  const date = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
  // Date.parse rolls 2025-02-30 over to March; a date that does not round-trip is a typo.
  const rolledOver = raw.length === 10 && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) !== raw;
  if (!iso.test(raw) || Number.isNaN(date.getTime()) || rolledOver) throw new UsageError(`--since needs an ISO date like 2025-03-01 or 2025-03-01T12:00:00Z, got "${raw}"`);
  return date;
}

export function parseReplayArgs(argv: string[]): ReplayArgs {
  const values = new Map<string, string[]>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      json = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown option "${name}" (known: ${[...VALUE_FLAGS, ...SWITCHES].join(', ')})\n${REPLAY_USAGE}`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`option ${name} needs a value`);
    if (name !== '--fail-if' && values.has(name)) throw new UsageError(`option ${name} given twice`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const one = (flag: string): string | undefined => values.get(flag)?.[0];

  const rulesDir = one('--rules');
  if (!rulesDir) throw new UsageError(`--rules DIR is required: the candidate rule set to replay\n${REPLAY_USAGE}`);
  const site = one('--site');
  if (site !== undefined && !/^[A-Za-z0-9_.-]{1,100}$/.test(site)) throw new UsageError(`--site "${site}" is not a site name`);
  const since = one('--since');
  const limit = one('--limit');
  const sample = one('--sample');
  const batchSize = one('--batch-size');
  let failIf: FailIfCondition[];
  try {
    failIf = (values.get('--fail-if') ?? []).map(parseFailIf);
  } catch (err) {
    if (err instanceof FailIfSyntaxError) throw new UsageError(err.message);
    throw err;
  }
  return {
    rulesDir,
    site,
    since: since === undefined ? undefined : parseSince(since),
    limit: limit === undefined ? undefined : positiveInt('--limit', limit, 1e12),
    json,
    sampleSize: sample === undefined ? 3 : sample === '0' ? 0 : positiveInt('--sample', sample, 1000),
    failIf,
    batchSize: batchSize === undefined ? DEFAULT_BATCH_SIZE : positiveInt('--batch-size', batchSize, 100_000),
  };
}

/** Comments fetched per round trip with MONGODB_URI (the embedded files are read without round trips); measured with bench/replay.js. */
export const DEFAULT_BATCH_SIZE = 1000;
