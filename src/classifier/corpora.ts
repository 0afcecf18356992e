// The labelled corpora under data/corpora, turned into examples with a label
// per model. An example leaves a label undefined when its corpus says nothing
// about it (Civil Comments rows are all toxic but were never judged for spam
// origin or hate). Every file read is hashed so a model names its exact data.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { dedupeKey } from './features';
import { parseTable, type Row } from './table-reader';

export const LABELS = ['spam', 'toxic', 'hate'] as const;
export type Label = (typeof LABELS)[number];

export interface Example {
  text: string;
  /** Corpus and, where it matters for splitting, the part: "youtube:01-9bZkp7q19f0", "davidson", ... */
  source: string;
  labels: Partial<Record<Label, 0 | 1>>;
  /**
   * Share of annotators who gave the label, where the corpus has several
   * (Davidson: 3 or more per tweet). Training fits these soft targets; the
   * majority labels above stay the truth for splitting and evaluation.
   */
  targets?: Partial<Record<Label, number>>;
  /** Davidson's class (0 hate, 1 offensive, 2 neither), kept for the 3-way evaluation. */
  davidsonClass?: 0 | 1 | 2;
}

export interface DataFileRecord {
  file: string;
  sha256: string;
  rows: number;
}

export interface Corpus {
  examples: Example[];
  files: DataFileRecord[];
}

function readHashed(root: string, rel: string, files: DataFileRecord[]): { text: string; record: DataFileRecord } {
  const text = readFileSync(path.join(root, rel), 'utf8');
  const record = { file: rel, sha256: createHash('sha256').update(text).digest('hex'), rows: 0 };
  files.push(record);
  return { text, record };
}

const HTML_ENTITY = /&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi;
/** Tweets in the Davidson corpus carry HTML entities (&amp;, &#128514;); comments arrive decoded. */
function decodeEntities(text: string): string {
  return text.replace(HTML_ENTITY, (_, body: string) => {
    const lower = body.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) {
      const cp = parseInt(lower.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : ' ';
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? ' ';
  });
}

/**
 * YouTube comments were scraped as HTML: line breaks as <br />, timestamps and
 * links as <a href=...>, quotes as &#39;. Readers' comments arrive as plain
 * text, so the markup goes and the entities are decoded (a link's text stays).
 */
function cleanYoutube(text: string): string {
  return decodeEntities(text.replace(/<br\s*\/?>/gi, '\n').replace(/<\/?[a-z][^>]*>/gi, '')).trim();
}

/** Drops the retweet marker, which only says the text is a tweet. */
function cleanTweet(text: string): string {
  return decodeEntities(text).replace(/(^|[\s"!:])RT\b/g, '$1').trim();
}

// Civil Comments has only toxic comments. Their sentences that contain no
// toxic span are used as clean examples: they are real news-site prose, and
// without them long, formal text would look toxic to the model.
function cleanSentences(text: string, spans: number[]): string[] {
  const marked = new Uint8Array(text.length);
  for (const s of spans) if (s >= 0 && s < text.length) marked[s] = 1;
  const out: string[] = [];
  const sentence = /[^.!?\n]+[.!?]*/g;
  for (let m = sentence.exec(text); m; m = sentence.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    let toxic = false;
    for (let i = start; i < end && !toxic; i++) toxic = marked[i] === 1;
    const words = m[0].trim().split(/\s+/).length;
    if (!toxic && words >= 6) out.push(m[0].trim());
  }
  return out;
}

export function loadCorpora(root: string): Corpus {
  const files: DataFileRecord[] = [];
  const examples: Example[] = [];

  for (const name of readdirSync(path.join(root, 'youtube-spam')).filter((f) => f.endsWith('.csv')).sort()) {
    const { text, record } = readHashed(root, `youtube-spam/${name}`, files);
    const rows = parseTable(text, 'csv');
    record.rows = rows.length;
    const video = name.replace(/\.csv$/, '');
    for (const row of rows) {
      const spam = row.CLASS === '1' ? 1 : 0;
      examples.push({ text: cleanYoutube(row.CONTENT ?? ''), source: `youtube:${video}`, labels: spam ? { spam } : { spam, toxic: 0, hate: 0 } });
    }
  }

  {
    const { text, record } = readHashed(root, 'sms-spam/SMSSpamCollection.tsv', files);
    const rows = parseTable(text, 'tsv', ['label', 'text']);
    record.rows = rows.length;
    for (const row of rows) {
      const spam = row.label === 'spam' ? 1 : 0;
      examples.push({ text: row.text ?? '', source: 'sms', labels: spam ? { spam } : { spam, toxic: 0, hate: 0 } });
    }
  }

  {
    const { text, record } = readHashed(root, 'davidson-hate-offensive/labeled_data.csv', files);
    const rows = parseTable(text, 'csv');
    record.rows = rows.length;
    for (const row of rows) {
      const cls = Number(row.class) as 0 | 1 | 2;
      const votes = Number(row.count) || 1;
      const hateVotes = Number(row.hate_speech) || 0;
      const offensiveVotes = Number(row.offensive_language) || 0;
      examples.push({
        text: cleanTweet(row.tweet ?? ''),
        source: 'davidson',
        labels: { spam: 0, toxic: cls === 2 ? 0 : 1, hate: cls === 0 ? 1 : 0 },
        targets: { toxic: (hateVotes + offensiveVotes) / votes, hate: hateVotes / votes },
        davidsonClass: cls,
      });
    }
  }

  for (const name of ['tsd_train.csv', 'tsd_trial.csv']) {
    const { text, record } = readHashed(root, `civil-comments-toxic-spans/${name}`, files);
    const rows = parseTable(text, 'csv');
    record.rows = rows.length;
    for (const row of rows) {
      const body = row.text ?? '';
      examples.push({ text: body, source: 'civil', labels: { spam: 0, toxic: 1 } });
      const spans = JSON.parse(row.spans || '[]') as number[];
      if (spans.length === 0) continue;
      for (const sentence of cleanSentences(body, spans)) examples.push({ text: sentence, source: 'civil-clean', labels: { spam: 0, toxic: 0 } });
    }
  }
  return { examples, files };
}

/** Moderator decisions, JSON Lines of {text, label}; label is a model label or "clean". */
export function loadFeedback(file: string): { examples: Example[]; record: DataFileRecord } {
  const text = readFileSync(file, 'utf8');
  const rows: Row[] = parseTable(text, 'jsonl');
  const examples = rows.map((row, i): Example => {
    const label = row.label ?? '';
    if (!row.text) throw new Error(`${file}: line ${i + 1}: "text" is missing or empty`);
    if (label === 'clean') return { text: row.text, source: 'feedback', labels: { spam: 0, toxic: 0, hate: 0 } };
    if (label === 'spam') return { text: row.text, source: 'feedback', labels: { spam: 1 } };
    if (label === 'toxic') return { text: row.text, source: 'feedback', labels: { toxic: 1, hate: 0, spam: 0 } };
    if (label === 'hate') return { text: row.text, source: 'feedback', labels: { toxic: 1, hate: 1, spam: 0 } };
    throw new Error(`${file}: line ${i + 1}: label must be one of spam, toxic, hate, clean (got "${label}")`);
  });
  return { examples, record: { file: path.basename(file), sha256: createHash('sha256').update(text).digest('hex'), rows: rows.length } };
}

/**
 * One example per normalised text. When copies disagree on a label, a
 * positive wins (a spam text posted once as "ham" is still spam), except that
 * feedback, a human decision, overrides what the corpora say.
 */
export function deduplicate(examples: readonly Example[]): Example[] {
  const byKey = new Map<string, Example>();
  for (const ex of examples) {
    const key = dedupeKey(ex.text);
    if (!key) continue;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...ex, labels: { ...ex.labels } });
      continue;
    }
    if (ex.source === 'feedback') {
      byKey.set(key, { ...seen, source: 'feedback', labels: { ...seen.labels, ...ex.labels } });
      continue;
    }
    if (seen.source === 'feedback') continue;
    for (const label of LABELS) {
      const v = ex.labels[label];
      if (v === undefined) continue;
      const old = seen.labels[label];
      seen.labels[label] = old === 1 || v === 1 ? 1 : 0;
    }
  }
  return [...byKey.values()];
}

/** A fold number from the normalised text, so copies of one text always land in the same fold. */
export function foldOf(text: string, folds: number): number {
  const key = dedupeKey(text);
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % folds;
}
