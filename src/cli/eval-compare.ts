// `moderate eval --compare DIR`: the same labelled rows through two rule sets
// side by side (the --rules set is "current", --compare is the candidate),
// with the deltas and the --fail-if gates evaluated on the candidate.
import { binaryMetrics, type BinaryMetrics } from '../classifier/metrics';
import type { CompiledRuleSet } from '../moderation/engine';
import { decide, prepare } from '../moderation/engine';
import { EMPTY_HISTORY, type Action } from '../moderation/types';
import { evaluateFailIf, type FailIfCondition, type FailIfResult, type Metrics } from '../ruleset/replay/fail-if';
import { fixed } from './eval-report';

export interface Comparison {
  current: BinaryMetrics & { rulesVersion: string };
  candidate: BinaryMetrics & { rulesVersion: string };
  changed: number;
  transitions: Record<string, number>;
  failIf: FailIfResult[];
}

const rate = (n: number, total: number) => (total ? n / total : 0);

export function compareRuleSets(texts: readonly string[], actual: readonly boolean[], current: CompiledRuleSet, candidate: CompiledRuleSet, failIf: readonly FailIfCondition[]): Comparison {
  const decideAll = (rules: CompiledRuleSet): Action[] => texts.map((text) => decide(rules, prepare({ site: 'default', name: 'reader', text }), EMPTY_HISTORY, 0).action);
  const before = decideAll(current);
  const after = decideAll(candidate);
  const transitions: Record<string, number> = {};
  let changed = 0;
  before.forEach((a, i) => {
    if (a === after[i]) return;
    changed += 1;
    const key = `${a}->${after[i]}`;
    transitions[key] = (transitions[key] ?? 0) + 1;
  });
  const cur = binaryMetrics(before.map((a) => a !== 'approve'), actual);
  const cand = binaryMetrics(after.map((a) => a !== 'approve'), actual);
  const total = texts.length;
  const count = (a: Action) => after.filter((x) => x === a).length;
  const metrics: Metrics = {
    precision: cand.precision,
    recall: cand.recall,
    f1: cand.f1,
    precision_delta: cand.precision - cur.precision,
    recall_delta: cand.recall - cur.recall,
    changed,
    changed_rate: rate(changed, total),
    approved_rate: rate(count('approve'), total),
    held_rate: rate(count('hold'), total),
    rejected_rate: rate(count('reject'), total),
    moderated: total,
    total,
  };
  return {
    current: { ...cur, rulesVersion: current.version },
    candidate: { ...cand, rulesVersion: candidate.version },
    changed,
    transitions,
    failIf: evaluateFailIf(failIf, metrics),
  };
}

/** Right-aligned columns, each as wide as its widest cell and two spaces apart, the first left-aligned. */
function columns(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
  return rows.map((r) => r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : `  ${cell.padStart(widths[k]!)}`)).join('').trimEnd());
}

export function comparisonReport(c: Comparison): string {
  const row = (name: string, a: number, b: number, digits = true) =>
    digits ? [name, fixed(a), fixed(b), (b - a >= 0 ? '+' : '') + fixed(b - a)] : [name, String(a), String(b), (b - a >= 0 ? '+' : '') + String(b - a)];
  const lines = [
    ...columns([
      ['', 'current', 'candidate', 'delta'],
      row('precision', c.current.precision, c.candidate.precision),
      row('recall', c.current.recall, c.candidate.recall),
      row('F1', c.current.f1, c.candidate.f1),
      row('flagged', c.current.tp + c.current.fp, c.candidate.tp + c.candidate.fp, false),
      ['rules', c.current.rulesVersion, c.candidate.rulesVersion, ''],
    ]),
    `${c.changed} decision(s) change: ${Object.entries(c.transitions).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
  ];
  for (const f of c.failIf) lines.push(`fail-if ${f.condition}: ${f.failed ? 'FAILS' : 'passes'} (value ${f.value === null ? 'undefined' : fixed(f.value)})`);
  return lines.join('\n');
}
