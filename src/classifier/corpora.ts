// The labelled corpora under data/corpora, turned into examples with a label
// per model. An example leaves a label undefined when its corpus says nothing
// about it (Civil Comments rows are all toxic but were never judged for spam
// origin or hate). Every file read is hashed so a model names its exact data.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { dedupeKey } from './text/canonical';
import { WordScanner } from './text/word-scan';
import { PLAIN_VOCABULARY, WordTable } from './text/word-table';
import { parseTable, type Row } from './table-reader';

/**
 * Labels the models are trained for. spam reads whole comments; the rest
 * read sentences (see features/sentence-model.ts). threat and profanity are
 * not among them: no corpus here labels them, so explicit checks judge them.
 */
export const LABELS = ['spam', 'toxicity', 'severe_toxicity', 'identity_attack', 'insult'] as const;
export type Label = (typeof LABELS)[number];
export const SENTENCE_LABELS: readonly Label[] = ['toxicity', 'severe_toxicity', 'identity_attack', 'insult'];
const NOT_TOXIC = { toxicity: 0, severe_toxicity: 0, identity_attack: 0, insult: 0 } as const;

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
  /**
   * What keeps examples together when splitting: the post a Civil Comments
   * sentence was cut from, so a post's sentences share a fold.
   */
  group?: string;
}

/** A Civil Comments post cut into its sentences, each marked toxic when it holds a rater's span. */
export interface CutPost {
  text: string;
  sentences: Array<{ text: string; toxic: boolean; start: number; end: number }>;
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

// Sentences are cut as the scorer cuts them (text/word-scan.ts), so a model
// learns from the same units it later scores.
const cutter = new WordScanner(new WordTable(PLAIN_VOCABULARY));

/** The sentences of a text as [start, end) offsets: from the first word's start to the next sentence (or the end). */
export function sentenceOffsets(text: string): Array<[number, number]> {
  const r = cutter.scan(text);
  cutter.resolveOffsets(r);
  const out: Array<[number, number]> = [];
  for (let k = 0; k < r.sentences; k++) {
    const first = r.sentenceStarts[k]!;
    const start = k === 0 ? 0 : r.starts[first]!;
    const end = k + 1 < r.sentences ? r.starts[r.sentenceStarts[k + 1]!]! : text.length;
    out.push([start, end]);
  }
  return out;
}

// Civil Comments has only toxic comments, each with the characters raters
// marked toxic. Its sentences that hold a marked character are toxic
// examples; the others, real news-site prose from the same posts, clean
// ones: the same source and register on both sides, so the model cannot
// learn "long news comment = toxic". Posts without any span say nothing
// about their sentences and are left out.
export function cutPost(text: string, spans: number[]): CutPost {
  const marked = new Uint8Array(text.length);
  for (const s of spans) if (s >= 0 && s < text.length) marked[s] = 1;
  const sentences = sentenceOffsets(text).map(([start, end]) => {
    let toxic = false;
    for (let i = start; i < end && !toxic; i++) toxic = marked[i] === 1 && /[\p{L}\p{N}]/u.test(text[i]!);
    return { text: text.slice(start, end).trim(), toxic, start, end };
  });
  return { text, sentences };
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** A deterministic sample: about one text in `every`, by a hash of the text. */
function sampled(text: string, every: number): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % every === 0;
}

// The identity templates' labels by template: which toxic templates insult a
// person (a "you" or a name), which attack an identity, which call for harm.
function templateLabels(template: string, toxic: boolean): Example['labels'] {
  if (!toxic) return { ...NOT_TOXIC };
  const occupation = template === 'you_occupation';
  const harm = template === 'verb_adj' || template.startsWith('hate_') || template === 'am_hate_adj';
  return {
    toxicity: 1,
    identity_attack: occupation ? 0 : 1,
    severe_toxicity: harm ? 1 : 0,
    ...(harm ? {} : { insult: 1 as const }),
  };
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
      examples.push({ text: cleanYoutube(row.CONTENT ?? ''), source: `youtube:${video}`, labels: spam ? { spam } : { spam, ...NOT_TOXIC } });
    }
  }

  {
    const { text, record } = readHashed(root, 'sms-spam/SMSSpamCollection.tsv', files);
    const rows = parseTable(text, 'tsv', ['label', 'text']);
    record.rows = rows.length;
    for (const row of rows) {
      const spam = row.label === 'spam' ? 1 : 0;
      examples.push({ text: row.text ?? '', source: 'sms', labels: spam ? { spam } : { spam, ...NOT_TOXIC } });
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
        labels: {
          spam: 0,
          toxicity: cls === 2 ? 0 : 1,
          severe_toxicity: cls === 0 ? 1 : 0,
          identity_attack: cls === 0 ? 1 : 0,
          // Offensive tweets are mostly name-calling; hate tweets may or may not insult.
          ...(cls === 0 ? {} : { insult: cls === 1 ? (1 as const) : (0 as const) }),
        },
        targets: { toxicity: (hateVotes + offensiveVotes) / votes, severe_toxicity: hateVotes / votes, identity_attack: hateVotes / votes },
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
      // The whole post stays a (not spam) example for the comment-level spam model.
      examples.push({ text: body, source: 'civil', labels: { spam: 0 } });
      const spans = JSON.parse(row.spans || '[]') as number[];
      if (spans.length === 0) continue;
      for (const sentence of cutPost(body, spans).sentences) {
        // Toxic spans can be one word ("Idiot."); clean sentences need a few words to say anything.
        // Not spam either: real comments' prose, which the spam model needs as negatives (weighed down there).
        if (sentence.toxic) examples.push({ text: sentence.text, source: 'civil-sentence', group: body, labels: { spam: 0, toxicity: 1, insult: 1 } });
        else if (words(sentence.text) >= 3) examples.push({ text: sentence.text, source: 'civil-sentence', group: body, labels: { spam: 0, ...NOT_TOXIC } });
      }
    }
  }

  {
    const { text, record } = readHashed(root, 'toxigen-seed-sentences/toxigen_prompt_sentences.csv', files);
    const rows = parseTable(text, 'csv');
    record.rows = rows.length;
    for (const row of rows) {
      const hate = row.label === 'hate';
      examples.push({ text: (row.text ?? '').trim(), source: 'toxigen', labels: hate ? { toxicity: 1, identity_attack: 1 } : { ...NOT_TOXIC } });
    }
  }

  // The identity templates are short and repetitive: a sample of the large
  // templates (about one sentence in 30) and all of the small ones.
  for (const [name, every] of [['en_sentence_templates.csv', 30], ['intersectional_madlibs.csv', 12]] as const) {
    const { text, record } = readHashed(root, `identity-templates/${name}`, files);
    const rows = parseTable(text, 'csv');
    record.rows = rows.length;
    for (const row of rows) {
      const phrase = row.phrase ?? '';
      const template = row.template ?? '';
      const large = template === 'name_adj' || name === 'intersectional_madlibs.csv';
      if (large && !sampled(phrase, every)) continue;
      examples.push({ text: phrase, source: 'templates', labels: templateLabels(template, row.toxicity === 'toxic') });
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
    if (label === 'clean') return { text: row.text, source: 'feedback', labels: { spam: 0, ...NOT_TOXIC } };
    if (label === 'spam') return { text: row.text, source: 'feedback', labels: { spam: 1 } };
    if (label === 'toxic') return { text: row.text, source: 'feedback', labels: { toxicity: 1, spam: 0 } };
    if (label === 'hate') return { text: row.text, source: 'feedback', labels: { toxicity: 1, identity_attack: 1, severe_toxicity: 1, spam: 0 } };
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
  const key = dedupeKey(text).slice(0, 2000);
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % folds;
}
