// Precision and recall of "not approved" as one label's threshold moves, from a
// single engine run: a comment counts as flagged at threshold t when another
// rule already stopped it, or when the label's score reaches t.
import { withRates, type BinaryMetrics } from './metrics';

export interface SweepRow {
  /** Whether anything other than this label's rule kept the comment from approval. */
  flaggedOtherwise: boolean;
  /** The label's calibrated score; missing when the classifier did not run (an earlier check rejected). */
  score: number | undefined;
  positive: boolean;
}

export interface SweepPoint extends BinaryMetrics {
  threshold: number;
}

export function sweepThreshold(rows: readonly SweepRow[], steps = 100): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (let s = 0; s <= steps; s++) {
    const threshold = Number((s / steps).toFixed(6));
    const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const row of rows) {
      const flagged = row.flaggedOtherwise || (row.score !== undefined && row.score >= threshold);
      if (flagged) row.positive ? c.tp++ : c.fp++;
      else row.positive ? c.fn++ : c.tn++;
    }
    points.push({ threshold, ...withRates(c) });
  }
  return points;
}

export function bestF1(points: readonly SweepPoint[]): SweepPoint {
  return points.reduce((best, p) => (p.f1 > best.f1 ? p : best), points[0]!);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A self-contained SVG line chart of precision, recall and F1 against the threshold. */
export function sweepSvg(points: readonly SweepPoint[], title: string): string {
  const width = 640;
  const height = 420;
  const left = 60;
  const right = 140;
  const top = 40;
  const bottom = 50;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (t: number) => (left + t * plotW).toFixed(1);
  const y = (v: number) => (top + (1 - v) * plotH).toFixed(1);
  const series: Array<{ name: string; colour: string; pick: (p: SweepPoint) => number }> = [
    { name: 'precision', colour: '#1f77b4', pick: (p) => p.precision },
    { name: 'recall', colour: '#d62728', pick: (p) => p.recall },
    { name: 'F1', colour: '#2ca02c', pick: (p) => p.f1 },
  ];
  const grid: string[] = [];
  for (let i = 0; i <= 10; i += 2) {
    const v = i / 10;
    grid.push(`<line x1="${x(0)}" y1="${y(v)}" x2="${x(1)}" y2="${y(v)}" stroke="#ddd"/>`);
    grid.push(`<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(1)}" stroke="#ddd"/>`);
    grid.push(`<text x="${left - 8}" y="${Number(y(v)) + 4}" text-anchor="end">${v.toFixed(1)}</text>`);
    grid.push(`<text x="${x(v)}" y="${top + plotH + 18}" text-anchor="middle">${v.toFixed(1)}</text>`);
  }
  const lines = series.map((s, i) => {
    const d = points.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.threshold)},${y(s.pick(p))}`).join(' ');
    const ly = top + 20 + i * 22;
    return [
      `<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"/>`,
      `<line x1="${left + plotW + 15}" y1="${ly}" x2="${left + plotW + 40}" y2="${ly}" stroke="${s.colour}" stroke-width="2"/>`,
      `<text x="${left + plotW + 46}" y="${ly + 4}">${s.name}</text>`,
    ].join('\n');
  });
  const best = bestF1(points);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    ...grid,
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`,
    ...lines,
    `<line x1="${x(best.threshold)}" y1="${y(0)}" x2="${x(best.threshold)}" y2="${y(1)}" stroke="#888" stroke-dasharray="4 3"/>`,
    `<text x="${left + plotW + 15}" y="${top + 100}">best F1 ${best.f1.toFixed(3)}</text>`,
    `<text x="${left + plotW + 15}" y="${top + 116}">at ${best.threshold.toFixed(2)}</text>`,
    `<text x="${left + plotW / 2}" y="${height - 12}" text-anchor="middle">threshold</text>`,
    '</svg>',
    '',
  ].join('\n');
}
