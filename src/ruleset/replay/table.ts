// Plain-text tables for terminals: columns padded to their widest cell,
// numbers right-aligned.
export type Cell = string | number;

export function renderTable(headers: string[], rows: Cell[][], indent = ''): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const numeric = headers.map((_, col) => rows.length > 0 && rows.every((r) => typeof r[col] === 'number' || /^[-\d.,%]+$|^—$/.test(String(r[col]))));
  const widths = headers.map((_, col) => Math.max(...cells.map((r) => (r[col] ?? '').length)));
  const line = (r: string[]) =>
    indent + r.map((cell, col) => (numeric[col] && col > 0 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd();
  return [line(headers), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(r.map(String)))].join('\n') + '\n';
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

export const formatRatio = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));

export const formatPercent = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
