// The tokens the sentence models read, per sentence of a scanned comment:
// each word as its masked hash (every identity term the same word, so
// "Muslim" and "Christian" weigh alike), its word-vector row, its flags and
// its offsets. A two-word identity term ("middle eastern") is one token.
// The builder owns its buffers: a result is valid until it builds again.
import type { ScannedText } from '../text/word-scan';
import { F_LENGTH, F_MASKED, F_ROW, IDENTITY, IDENTITY_HASH, PAIR_HEAD, STRIDE } from '../text/word-table';

export interface SentenceTokens {
  count: number;
  hash: Int32Array;
  row: Int32Array;
  /** The word table flags of the token's (first) word: STOP, IDENTITY, ... */
  flags: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** The word-table slot of the token's (first) word; -1 for a two-word identity term. */
  slot: Int32Array;
  /** Token index where each sentence starts. */
  sentenceStarts: Int32Array;
  sentences: number;
}

export class SentenceTokenizer {
  private readonly out: SentenceTokens = {
    count: 0,
    hash: new Int32Array(256),
    row: new Int32Array(256),
    flags: new Int32Array(256),
    start: new Int32Array(256),
    end: new Int32Array(256),
    slot: new Int32Array(256),
    sentenceStarts: new Int32Array(64),
    sentences: 0,
  };

  /** Tokens of the scanned text; `wholeText`: all of it as one sentence (training units). */
  build(scanned: ScannedText, wholeText = false): SentenceTokens {
    const o = this.out;
    const n = scanned.count;
    if (o.hash.length < n) {
      const size = n * 2;
      o.hash = new Int32Array(size);
      o.row = new Int32Array(size);
      o.flags = new Int32Array(size);
      o.start = new Int32Array(size);
      o.end = new Int32Array(size);
      o.slot = new Int32Array(size);
    }
    if (o.sentenceStarts.length < scanned.sentences + 1) o.sentenceStarts = new Int32Array(scanned.sentences * 2 + 2);
    const table = scanned.table;
    const data = table.data;
    const pairs = table.vocabulary.identityPairs;
    const { slots, starts, ends, sentenceStarts } = scanned;
    let t = 0;
    let sentences = 0;
    let nextSentence = 0;
    for (let k = 0; k < n; k++) {
      if (nextSentence < scanned.sentences && sentenceStarts[nextSentence] === k) {
        if (!wholeText || sentences === 0) o.sentenceStarts[sentences++] = t;
        nextSentence++;
      }
      const at = slots[k]! * STRIDE;
      const flags = data[at + F_LENGTH]!;
      o.start[t] = starts[k]!;
      o.end[t] = ends[k]!;
      if ((flags & PAIR_HEAD) !== 0 && k + 1 < n && (nextSentence >= scanned.sentences || sentenceStarts[nextSentence] !== k + 1)) {
        const second = pairs.get(table.words[slots[k]!]!);
        if (second?.has(table.words[slots[k + 1]!]!)) {
          o.hash[t] = IDENTITY_HASH;
          o.row[t] = table.vocabulary.identityRow;
          o.flags[t] = flags | IDENTITY;
          o.end[t] = ends[k + 1]!;
          o.slot[t] = -1;
          t++;
          k++;
          continue;
        }
      }
      o.hash[t] = data[at + F_MASKED]!;
      o.row[t] = data[at + F_ROW]!;
      o.flags[t] = flags;
      o.slot[t] = slots[k]!;
      t++;
    }
    o.count = t;
    o.sentences = sentences;
    return o;
  }
}

/** The token range [from, to) of sentence s. */
export function sentenceRange(tokens: SentenceTokens, s: number): [number, number] {
  return [tokens.sentenceStarts[s]!, s + 1 < tokens.sentences ? tokens.sentenceStarts[s + 1]! : tokens.count];
}
