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

export function comparisonReport(c: Comparison): string {
  const row = (name: string, a: number, b: number, digits = true) =>
    `${name.padEnd(12)}${(digits ? fixed(a) : String(a)).padStart(10)}${(digits ? fixed(b) : String(b)).padStart(11)}${(digits ? (b - a >= 0 ? '+' : '') + fixed(b - a) : String(b - a)).padStart(10)}`;
  const lines = [
    `${''.padEnd(12)}${'current'.padStart(10)}${'candidate'.padStart(11)}${'delta'.padStart(10)}`,
    row('precision', c.current.precision, c.candidate.precision),
    row('recall', c.current.recall, c.candidate.recall),
    row('F1', c.current.f1, c.candidate.f1),
    row('flagged', c.current.tp + c.current.fp, c.candidate.tp + c.candidate.fp, false),
    `rules       ${c.current.rulesVersion.padStart(10)}${c.candidate.rulesVersion.padStart(11)}`,
    `${c.changed} decision(s) change: ${Object.entries(c.transitions).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
  ];
  for (const f of c.failIf) lines.push(`fail-if ${f.condition}: ${f.failed ? 'FAILS' : 'passes'} (value ${f.value === null ? 'undefined' : fixed(f.value)})`);
  return lines.join('\n');
}
