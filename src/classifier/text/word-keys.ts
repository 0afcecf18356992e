// A set of words as a small table of their character hashes, to ask cheaply
// whether a scanned comment uses one of them (the allowed names the models
// must not see are removed only when one of their words is there).
import { mix } from './hash';
import { APOSTROPHE, charHash, F_H, F_LENGTH, KEY_SEED, STRIDE, TABLE_SIZE, type WordTable } from './word-table';

export interface WordKeys {
  table: Int32Array;
  /** The words themselves, for the rare word with apostrophes. */
  words: ReadonlySet<string>;
  /**
   * Per word-table slot, whether its word meets the set (0: not asked yet, 1:
   * no, 2: maybe), valid in table epoch `verdictEpoch`: a comment's words are
   * mostly words seen before, so each costs one byte read, not a hash probe.
   */
  verdicts: Uint8Array | null;
  verdictEpoch: number;
  verdictTable: WordTable | null;
}

export function wordKeys(words: Iterable<string>): WordKeys {
  const set = new Set(words);
  let size = 16;
  while (size < set.size * 4) size *= 2;
  const table = new Int32Array(size);
  // 0 marks an empty slot; a word whose hash is 0 is stored as 1 (a false hit only costs a check).
  for (const w of set) {
    const h = charHash(w) || 1;
    let s = mix(h) & (size - 1);
    while (table[s] !== 0 && table[s] !== h) s = (s + 1) & (size - 1);
    table[s] = h;
  }
  return { table, words: set, verdicts: null, verdictEpoch: -1, verdictTable: null };
}

export function keysHave(keys: WordKeys, h: number): boolean {
  const lookup = keys.table;
  const mask = lookup.length - 1;
  h = h || 1;
  for (let s = mix(h) & mask; lookup[s] !== 0; s = (s + 1) & mask) if (lookup[s] === h) return true;
  return false;
}

function partsMeet(keys: WordKeys, word: string): boolean {
  return word.split("'").some((part) => keys.words.has(part));
}

/**
 * Whether one of the words in table slots `slots[0..count)` (or a part of it
 * between apostrophes) may be in the set. Compares hashes, so it can say yes
 * wrongly (rarely), never no wrongly.
 */
export function slotsMeet(table: WordTable, slots: Int32Array, count: number, keys: WordKeys): boolean {
  let verdicts = keys.verdicts;
  if (verdicts === null || keys.verdictEpoch !== table.epoch || keys.verdictTable !== table) {
    // A slot holds one word per epoch: verdicts of an earlier one are stale.
    if (verdicts === null) verdicts = keys.verdicts = new Uint8Array(TABLE_SIZE);
    else verdicts.fill(0);
    keys.verdictEpoch = table.epoch;
    keys.verdictTable = table;
  }
  const data = table.data;
  for (let i = 0; i < count; i++) {
    const slot = slots[i]!;
    let v = verdicts[slot]!;
    if (v === 0) {
      const at = slot * STRIDE;
      const meets = keysHave(keys, data[at + F_H]!) || ((data[at + F_LENGTH]! & APOSTROPHE) !== 0 && partsMeet(keys, table.words[slot]!));
      verdicts[slot] = v = meets ? 2 : 1;
    }
    if (v === 2) return true;
  }
  return false;
}

/** Whether one of the words is in the set, from the words as strings. */
export function tokensMeet(keys: WordKeys, tokens: readonly string[]): boolean {
  for (const token of tokens) if (keysHave(keys, charHash(token)) || (token.includes("'") && partsMeet(keys, token))) return true;
  return false;
}

/**
 * Whether a word right after an "@" in the text may be one of the keys
 * (case-blind): @mentions are not among a comment's words, so slotsMeet
 * cannot see them.
 */
export function mentionsMeet(text: string, keys: WordKeys): boolean {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let h = KEY_SEED;
    let length = 0;
    for (let i = at + 1; ; i++) {
      let c = i < text.length ? text.charCodeAt(i) : 32;
      if (c >= 128) {
        const m = /[\p{L}\p{N}_']+/uy;
        m.lastIndex = at + 1;
        const word = m.exec(text);
        if (word && word[0].toLowerCase().split(/[^\p{L}\p{N}]+/u).some((w) => keys.words.has(w))) return true;
        break;
      }
      if (c >= 65 && c <= 90) c |= 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        h = Math.imul(h ^ c, 0x01000193);
        length++;
        continue;
      }
      if (length > 0 && keysHave(keys, h)) return true;
      h = KEY_SEED;
      length = 0;
      // Underscores and apostrophes join the parts of one mention; anything else ends it.
      if (c !== 95 && c !== 39) break;
    }
  }
  return false;
}
