// Reads labelled tables: CSV (RFC 4180 quoting, with newlines and doubled
// quotes inside quoted fields), TSV (tab-separated, quotes kept as written:
// the SMS corpus has unbalanced quotes) and JSON Lines. No dependency, so the
// same reader serves training, `moderate eval` and the tests.

export type Row = Record<string, string>;

export class TableFormatError extends Error {}

/** Splits CSV text into records of fields. Quoted fields may contain commas, newlines and "" escapes. */
export function parseCsvRecords(text: string, separator = ','): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let fieldStarted = false;
  let line = 1;
  let quoteLine = 0;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === separator) {
      record.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      line++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new TableFormatError(`unterminated quoted field starting on line ${quoteLine}`);
  record.push(field);
  if (record.length > 1 || record[0] !== '') records.push(record);
  return records;
}

/** TSV as the SMS corpus writes it: one record a line, tabs between fields, no quoting. */
export function parseTsvRecords(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

function recordsToRows(records: string[][], header: string[] | undefined): Row[] {
  const names = header ?? records[0];
  if (!names) return [];
  const body = header ? records : records.slice(1);
  return body.map((rec) => {
    const row: Row = {};
    names.forEach((name, i) => {
      row[name] = rec[i] ?? '';
    });
    return row;
  });
}

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

export function formatFromPath(file: string): TableFormat | null {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(tsv|tab)$/i.test(file)) return 'tsv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return null;
}

/**
 * Rows keyed by column name. `header` names the columns of a file without a
 * header line (e.g. ['label', 'text'] for the SMS corpus).
 */
export function parseTable(text: string, format: TableFormat, header?: string[]): Row[] {
  if (format === 'csv') return recordsToRows(parseCsvRecords(text), header);
  if (format === 'tsv') return recordsToRows(parseTsvRecords(text), header);
  const rows: Row[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new TableFormatError(`line ${i + 1}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TableFormatError(`line ${i + 1}: not a JSON object`);
    const row: Row = {};
    for (const [k, v] of Object.entries(value)) row[k] = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    rows.push(row);
  });
  return rows;
}
