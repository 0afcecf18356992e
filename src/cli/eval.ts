// `moderate eval`: runs the whole engine over a labelled file and reports how
// well "not approved" matches the label; or, with --crossval, retrains the
// models per split and measures them (see src/evaluation/crossval.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { binaryMetrics, multiClassMetrics, type MultiClassMetrics } from '../classifier/metrics';
import { formatFromPath, parseTable, TableFormatError, type Row, type TableFormat } from '../classifier/table-reader';
import { bestF1, sweepSvg, sweepThreshold, type SweepPoint } from '../classifier/threshold-sweep';
import { prepare, decide } from '../moderation/engine';
import { ACTION_RANK, EMPTY_HISTORY, type Action, type Decision } from '../moderation/types';
import { loadRulesOrExplain, parseFlags } from './check';
import { UsageError, type CliIo } from './io';
import { runCrossval, runHarmSuite, runIdentitySwaps, runSpeed } from './eval-crossval';
import { binaryReport, fixed, multiClassReport } from './eval-report';
import { compareRuleSets, comparisonReport } from './eval-compare';
import { FailIfSyntaxError, parseFailIf, type FailIfCondition } from '../ruleset/replay/fail-if';

const VALUE_FLAGS = ['--compare', '--data', '--text-col', '--label-col', '--positive', '--rules', '--plot', '--sweep', '--format', '--columns', '--actions', '--errors', '--crossval', '--corpora', '--folds', '--groups', '--vectors', '--harm-suite', '--suite-data'];
const BOOLEAN_FLAGS = ['--json', '--all-negative', '--speed', '--identity-swaps'];
const DEFAULT_POSITIVES = ['1', 'spam', 'true'];

/** Pulls the boolean flags out, then parses the rest with the shared option parser. */
function parseEvalFlags(argv: string[]): { flags: Record<string, string>; booleans: Set<string>; failIf: FailIfCondition[] } {
  const booleans = new Set<string>();
  const failIf: FailIfCondition[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (BOOLEAN_FLAGS.includes(arg)) booleans.add(arg);
    else if (arg === '--fail-if' || arg.startsWith('--fail-if=')) {
      // Repeatable: every condition is a gate of its own.
      const text = arg === '--fail-if' ? argv[++i] : arg.slice('--fail-if='.length);
      if (text === undefined) throw new UsageError('--fail-if needs a condition, e.g. "precision<0.95"');
      try {
        failIf.push(parseFailIf(text));
      } catch (err) {
        if (err instanceof FailIfSyntaxError) throw new UsageError(err.message);
        throw err;
      }
    } else rest.push(arg);
  }
  return { flags: parseFlags(rest, [...VALUE_FLAGS, ...BOOLEAN_FLAGS]), booleans, failIf };
}

function readRows(file: string, flags: Record<string, string>): Row[] {
  if (!existsSync(file)) throw new UsageError(`--data: no such file: ${file}`);
  const format = (flags['--format'] ?? formatFromPath(file)) as TableFormat | null;
  if (!format) throw new UsageError(`--data: cannot tell the format of ${path.basename(file)}; add --format csv, tsv or jsonl`);
  if (!['csv', 'tsv', 'jsonl'].includes(format)) throw new UsageError(`--format must be csv, tsv or jsonl, not "${format}"`);
  const header = flags['--columns']?.split(',').map((c) => c.trim());
  try {
    return parseTable(readFileSync(file, 'utf8'), format, header);
  } catch (err) {
    if (err instanceof TableFormatError) throw new UsageError(`--data ${path.basename(file)}: ${err.message}`);
    throw err;
  }
}

function requireColumn(rows: Row[], flag: string, column: string): void {
  const first = rows[0];
  if (first && !(column in first)) throw new UsageError(`${flag}: no column "${column}" (columns: ${Object.keys(first).join(', ')})`);
}

/** "0=reject,1=hold,2=approve": the decision each label value should get, for a 3-way report. */
function parseActions(spec: string): Map<string, Action> {
  const map = new Map<string, Action>();
  for (const part of spec.split(',')) {
    const [value, action] = part.split('=').map((s) => s.trim());
    if (!value || !action || !(action in ACTION_RANK)) throw new UsageError(`--actions: expected value=approve|hold|reject pairs, got "${part}"`);
    map.set(value, action as Action);
  }
  return map;
}

export async function runEval(argv: string[], io: CliIo): Promise<number> {
  const { flags, booleans, failIf } = parseEvalFlags(argv);
  const json = booleans.has('--json');
  if (flags['--crossval']) return runCrossval(flags, json, io);
  if (flags['--harm-suite']) return runHarmSuite(flags, json, io);
  if (booleans.has('--identity-swaps')) return runIdentitySwaps(flags, json, io);
  if (booleans.has('--speed')) return runSpeed(flags, json, io);

  const dataFlag = flags['--data'];
  if (!dataFlag) throw new UsageError('--data FILE is required (CSV, TSV or JSON Lines)');
  const textCol = flags['--text-col'];
  if (!textCol) throw new UsageError('--text-col is required: the column holding the comment text');
  const labelCol = flags['--label-col'];
  const allNegative = booleans.has('--all-negative');
  if (!labelCol && !allNegative) throw new UsageError('--label-col is required (or --all-negative when every row should be approved)');
  if (labelCol && allNegative) throw new UsageError('--label-col and --all-negative exclude each other');
  if (flags['--plot'] && !flags['--sweep']) throw new UsageError('--plot needs --sweep LABEL: the classifier label whose threshold to sweep');
  const errorsToShow = flags['--errors'] === undefined ? 0 : Number(flags['--errors']);
  if (!Number.isInteger(errorsToShow) || errorsToShow < 0) throw new UsageError('--errors must be a whole number');
  const actions = flags['--actions'] ? parseActions(flags['--actions']) : null;
  const positives = new Set((flags['--positive'] ? [flags['--positive']] : DEFAULT_POSITIVES).map((v) => v.toLowerCase()));

  const file = path.resolve(io.cwd, dataFlag);
  const rows = readRows(file, flags);
  if (rows.length === 0) throw new UsageError(`--data ${path.basename(file)}: no rows`);
  requireColumn(rows, '--text-col', textCol);
  if (labelCol) requireColumn(rows, '--label-col', labelCol);
  const rulesDir = path.resolve(io.cwd, flags['--rules'] ?? 'rules');
  const rules = loadRulesOrExplain(rulesDir).defaultRules;

  if (failIf.length > 0 && !flags['--compare']) throw new UsageError('--fail-if needs --compare DIR: the candidate rules it gates');
  if (flags['--compare']) {
    const candidate = loadRulesOrExplain(path.resolve(io.cwd, flags['--compare'])).defaultRules;
    const labelled = rows.filter((row) => (row[textCol] ?? '').trim());
    const truth = labelled.map((row) => (labelCol ? positives.has((row[labelCol] ?? '').trim().toLowerCase()) : false));
    const comparison = compareRuleSets(labelled.map((row) => row[textCol]!), truth, rules, candidate, failIf);
    io.stdout.write(json ? `${JSON.stringify({ file, rows: labelled.length, ...comparison })}\n` : `${path.basename(file)}: ${labelled.length} rows, ${truth.filter(Boolean).length} positive\n${comparisonReport(comparison)}\n`);
    return comparison.failIf.some((f) => f.failed) ? 1 : 0;
  }

  const decisions: Decision[] = [];
  const kept: Row[] = [];
  for (const row of rows) {
    const text = row[textCol] ?? '';
    if (!text.trim()) continue;
    kept.push(row);
    decisions.push(decide(rules, prepare({ site: 'default', name: 'reader', text }), EMPTY_HISTORY, 0));
  }
  const actual = kept.map((row) => (labelCol ? positives.has((row[labelCol] ?? '').trim().toLowerCase()) : false));
  const predicted = decisions.map((d) => d.action !== 'approve');
  const metrics = binaryMetrics(predicted, actual);

  let threeWay: MultiClassMetrics | null = null;
  if (actions && labelCol) {
    const expected = kept.map((row) => actions.get((row[labelCol] ?? '').trim()));
    const missing = expected.findIndex((a) => a === undefined);
    if (missing >= 0) throw new UsageError(`--actions has no entry for label value "${kept[missing]![labelCol]}"`);
    threeWay = multiClassMetrics(['reject', 'hold', 'approve'], decisions.map((d) => d.action), expected as Action[]);
  }

  let sweep: SweepPoint[] | null = null;
  const label = flags['--sweep'];
  if (label) {
    const rule = `classifier.${label}`;
    if (!decisions.some((d) => d.scores[label] !== undefined)) throw new UsageError(`--sweep: the rules score no label "${label}" (classifier labels in ${rulesDir})`);
    // The rule file's gates (one-word comments judged by one label only, the
    // counter-speech reading) decide whether a score can act at all: the same
    // rules with this label's hold at 0 show, per comment, whether its rule
    // acts whatever the threshold, and with the score it would then have.
    const probe = loadRulesOrExplain(rulesDir, { checks: { classifier: { labels: { [label]: { hold: 0 } } } } }).defaultRules;
    const probed = kept.map((row) => decide(probe, prepare({ site: 'default', name: 'reader', text: row[textCol]! }), EMPTY_HISTORY, 0));
    sweep = sweepThreshold(
      decisions.map((d, i) => {
        const gated = !probed[i]!.reasons.some((r) => r.rule === rule);
        const scores = [d.scores[label], probed[i]!.scores[label]].filter((s): s is number => s !== undefined);
        return {
          flaggedOtherwise: d.reasons.some((r) => r.rule !== rule && r.action !== 'approve'),
          score: gated || scores.length === 0 ? undefined : Math.min(...scores),
          positive: actual[i]!,
        };
      }),
    );
    if (flags['--plot']) writeFileSync(path.resolve(io.cwd, flags['--plot']), sweepSvg(sweep, `${path.basename(file)}: "not approved" vs ${label} threshold`));
  }

  const errors = kept
    .map((row, i) => ({ row, i }))
    .filter(({ i }) => predicted[i] !== actual[i])
    .slice(0, errorsToShow)
    .map(({ row, i }) => ({ text: row[textCol], label: labelCol ? row[labelCol] : undefined, decision: decisions[i]!.action, rules: decisions[i]!.reasons.map((r) => r.rule), scores: decisions[i]!.scores }));

  if (json) {
    io.stdout.write(`${JSON.stringify({ file, rows: kept.length, positives: actual.filter(Boolean).length, rulesVersion: rules.version, ...metrics, threeWay, sweep, errors })}\n`);
    return 0;
  }
  const out = [
    `${path.basename(file)}: ${kept.length} rows, ${actual.filter(Boolean).length} positive (${labelCol ? `${labelCol} in {${[...positives].join(', ')}}` : 'none: every row should be approved'}); rules ${rulesDir} version ${rules.version}`,
    binaryReport(metrics),
  ];
  if (threeWay) out.push('', multiClassReport(threeWay));
  if (sweep) {
    const best = bestF1(sweep);
    out.push('', `${label} threshold sweep: best F1 ${fixed(best.f1)} at ${best.threshold.toFixed(2)} (precision ${fixed(best.precision)}, recall ${fixed(best.recall)})`);
    for (const p of sweep.filter((_, k) => k % 10 === 0)) out.push(`  ${p.threshold.toFixed(2)}  precision ${fixed(p.precision)}  recall ${fixed(p.recall)}  F1 ${fixed(p.f1)}`);
    if (flags['--plot']) out.push(`plot written to ${flags['--plot']}`);
  }
  for (const e of errors) out.push(`${e.decision}\t${e.label ?? ''}\t${e.rules.join(',') || '-'}\t${JSON.stringify(e.text)}`);
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
