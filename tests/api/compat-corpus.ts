// Reads rows of the labelled CSV corpora for the compatibility tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const CORPORA = 'data/corpora';

/** RFC 4180 records: quoted fields may hold commas, newlines and doubled quotes. */
export function csvRows(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\n') { record.push(field.replace(/\r$/, '')); records.push(record); record = []; field = ''; }
    else field += ch;
  }
  if (field || record.length) { record.push(field); records.push(record); }
  const [header, ...rows] = records;
  return rows.filter((r) => r.length === header!.length).map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

export interface YoutubeRow { id: string; author: string; text: string; spam: boolean }

export function youtubeRows(): YoutubeRow[] {
  const dir = path.join(CORPORA, 'youtube-spam');
  return readdirSync(dir).filter((f) => f.endsWith('.csv')).flatMap((f) =>
    csvRows(readFileSync(path.join(dir, f), 'utf8')).map((r) => ({ id: r.COMMENT_ID!, author: r.AUTHOR!, text: r.CONTENT!, spam: r.CLASS === '1' })));
}

export function youtubeRow(id: string): YoutubeRow {
  const row = youtubeRows().find((r) => r.id === id);
  if (!row) throw new Error(`no YouTube corpus row ${id}`);
  return row;
}
