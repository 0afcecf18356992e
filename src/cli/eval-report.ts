// Plain-text reports of `moderate eval`: confusion matrices and rates.
import type { BinaryMetrics, MultiClassMetrics } from '../classifier/metrics';

export function fixed(n: number): string {
  return n.toFixed(3);
}

export function binaryReport(m: BinaryMetrics): string {
  const w = Math.max(8, String(Math.max(m.tp, m.fp, m.fn, m.tn)).length + 2);
  const cell = (n: number) => String(n).padStart(w);
  return [
    `${''.padEnd(14)}${'label +'.padStart(w)}${'label -'.padStart(w)}`,
    `${'not approved'.padEnd(14)}${cell(m.tp)}${cell(m.fp)}`,
    `${'approved'.padEnd(14)}${cell(m.fn)}${cell(m.tn)}`,
    `precision ${fixed(m.precision)}  recall ${fixed(m.recall)}  F1 ${fixed(m.f1)}  accuracy ${fixed(m.accuracy)}`,
  ].join('\n');
}

export function multiClassReport(m: MultiClassMetrics, title = 'expected \\ decided'): string {
  const w = 10;
  const lines = [`${title.padEnd(20)}${m.classes.map((c) => c.padStart(w)).join('')}`];
  m.classes.forEach((c, i) => lines.push(`${c.padEnd(20)}${m.confusion[i]!.map((n) => String(n).padStart(w)).join('')}`));
  for (const c of m.perClass) lines.push(`${c.name.padEnd(8)} precision ${fixed(c.precision)}  recall ${fixed(c.recall)}  F1 ${fixed(c.f1)}  (support ${c.support})`);
  lines.push(`weighted F1 ${fixed(m.weightedF1)}  macro F1 ${fixed(m.macroF1)}  accuracy ${fixed(m.accuracy)}`);
  return lines.join('\n');
}
