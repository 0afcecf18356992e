// The words behind a score, for a reason a moderator reads: each word's share
// of the score in calibrated log-odds, strongest first, with the offsets of
// its occurrences in the text as sent so the console can highlight them.
// Stop-words are never named, whatever they weigh: a pair such as "kill you"
// is credited to "kill".
import type { CommentEmissions } from './features/comment-vector';
import { hasVector } from './features/sentence-model';
import { sentenceRange, type SentenceTokens } from './features/sentence-tokens';
import { END_WORD, mix, pairHash, START_WORD } from './text/hash';
import type { ScannedText } from './text/word-scan';
import { F_LENGTH, STOP, STRIDE } from './text/word-table';

export interface Evidence {
  /** The word as the models read it (lower case), or what a placeholder stands for. */
  feature: string;
  weight: number;
  /** UTF-16 offsets of its occurrences in the text as sent. */
  spans: Array<{ start: number; end: number }>;
}

// Placeholders put in by the canonical text, shown as what they stand for.
const PLACEHOLDER_NAMES = new Map([
  ['xxurl', '(link)'],
  ['xxnumber', '(long number)'],
  ['xxmention', '(@mention)'],
]);

/** Sums per name, keeps the positive ones rounded to 0.001, strongest first (ties by name). */
function ranked(byName: Map<string, Evidence>, limit: number): Evidence[] {
  const out: Evidence[] = [];
  for (const e of byName.values()) {
    const weight = Math.round(e.weight * 1000) / 1000;
    if (weight > 0) out.push({ ...e, weight });
  }
  out.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  const kept = out.slice(0, limit);
  for (const e of kept) e.spans = distinctInOrder(e.spans);
  return kept;
}

/**
 * The spans in text order, each once (two tokens can map to the same span of
 * the text as sent). Sorted, not searched: a word repeated 10,000 times in
 * one comment must cost n log n, not n².
 */
function distinctInOrder(spans: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Array<{ start: number; end: number }> = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (!last || last.start !== s.start || last.end !== s.end) out.push(s);
  }
  return out;
}

function credit(byName: Map<string, Evidence>, name: string, weight: number, start: number, end: number): void {
  let e = byName.get(name);
  if (!e) byName.set(name, (e = { feature: name, weight: 0, spans: [] }));
  e.weight += weight;
  if (start >= 0) e.spans.push({ start, end });
}

/** Comment-level models: weights[bucket * stride + offset] x scale per emission, shared among the words that made it. */
export function explainComment(scanned: ScannedText, em: CommentEmissions, weights: Int16Array, stride: number, offset: number, scale: number, limit: number): Evidence[] {
  const perWord = new Float64Array(scanned.count);
  for (let e = 0; e < em.count; e++) perWord[em.word[e]!]! += weights[em.bucket[e]! * stride + offset]! * em.share[e]!;
  const byName = new Map<string, Evidence>();
  const { table } = scanned;
  for (let t = 0; t < scanned.count; t++) {
    const slot = scanned.slots[t]!;
    if ((table.data[slot * STRIDE + F_LENGTH]! & STOP) !== 0) continue;
    const word = table.words[slot] ?? scanned.text.slice(scanned.starts[t]!, scanned.ends[t]!).toLowerCase();
    credit(byName, PLACEHOLDER_NAMES.get(word) ?? word, perWord[t]! * scale, scanned.starts[t]!, scanned.ends[t]!);
  }
  return ranked(byName, limit);
}

/**
 * Sentence models: the sentence the comment's score came from. A pair's
 * weight goes to its words that are not stop-words (half each when both
 * are); the averaged vector's share to each word that has a vector.
 */
export function explainSentence(
  scanned: ScannedText,
  tokens: SentenceTokens,
  sentence: number,
  weights: Int16Array,
  stride: number,
  offset: number,
  scale: number,
  hashBits: number,
  rowScores: Float32Array | null,
  calibrationSlope: number,
  limit: number,
): Evidence[] {
  const [from, to] = sentenceRange(tokens, sentence);
  const mask = (1 << hashBits) - 1;
  const inv = 1 / Math.sqrt(2 * (to - from) + 1);
  const per = new Float64Array(to - from);
  const w = (h: number) => weights[(h & mask) * stride + offset]! * scale * inv;
  const isStop = (t: number) => (tokens.flags[t]! & STOP) !== 0;
  const share = (a: number, b: number, weight: number) => {
    // a or b is -1 for the sentence's start or end mark.
    const aOk = a >= 0 && !isStop(a);
    const bOk = b >= 0 && !isStop(b);
    if (aOk && bOk) {
      per[a - from]! += weight / 2;
      per[b - from]! += weight / 2;
    } else if (aOk) per[a - from]! += weight;
    else if (bOk) per[b - from]! += weight;
  };
  let previous = START_WORD;
  let withVector = 0;
  for (let t = from; t < to; t++) if (rowScores && hasVector(tokens, t)) withVector++;
  for (let t = from; t < to; t++) {
    const h = tokens.hash[t]!;
    if (!isStop(t)) per[t - from]! += w(mix(h));
    share(t > from ? t - 1 : -1, t, w(pairHash(previous, h)));
    previous = h;
    if (rowScores && withVector > 0 && hasVector(tokens, t)) per[t - from]! += (rowScores[tokens.row[t]!]! / withVector) * calibrationSlope;
  }
  share(to - 1, -1, w(pairHash(previous, END_WORD)));
  const byName = new Map<string, Evidence>();
  for (let t = from; t < to; t++) {
    if (isStop(t)) continue;
    // The word as the models read it (the table holds it while the scan is current); a two-word term as written.
    const slot = tokens.slot[t]!;
    const word = (slot >= 0 ? scanned.table.words[slot] : undefined) ?? scanned.text.slice(tokens.start[t]!, tokens.end[t]!).toLowerCase();
    credit(byName, PLACEHOLDER_NAMES.get(word) ?? word, per[t - from]!, tokens.start[t]!, tokens.end[t]!);
  }
  return ranked(byName, limit);
}
