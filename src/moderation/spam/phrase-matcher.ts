// One matcher for every spam phrase list: a trie of word sequences, built
// once per rule load and walked once per comment over its word tokens.
// Matching on tokens (not substrings) keeps word boundaries exact: "free"
// never fires inside "freedom".
//
// Phrase syntax, one phrase a line in the list files:
//   check out my channel        literal words, matched on normalised text
//   earn {num} a day            {num}: any number ("500", "$500", "1,000", "10k")
//   win {money}                 {money}: a number with a currency sign ("$500", "£1000")
//   text {any} to {code}        {any}: any one word or number; {code}: 4 or more
//                               plain digits (SMS short codes, phone numbers)
//   free | 0.4                  optional weight after "|" (default 1); a group
//                               fires when its matched weights reach its threshold
import { normalize } from '../normalize';
import { hashOf, NUMBER, tokenize, type Tokens } from './tokens';

export interface PhraseGroup {
  phrases: string[];
}

export interface PhraseHit {
  /** Index of the group in the list given to compilePhrases. */
  group: number;
  /** The phrase as written in the list (weight removed). */
  phrase: string;
  weight: number;
  /** Token index range [first, last). */
  first: number;
  last: number;
}

interface Terminal {
  group: number;
  phrase: string;
  weight: number;
}

/** A literal word edge; words whose hashes collide chain through `next`. */
interface WordEdge {
  word: string;
  node: TrieNode;
  next?: WordEdge;
}

interface TrieNode {
  /** Keyed by the token hash, so a comment's words are looked up without cutting them out of the text. */
  words: Map<number, WordEdge>;
  num?: TrieNode;
  money?: TrieNode;
  any?: TrieNode;
  code?: TrieNode;
  terminal?: Terminal;
}

const newNode = (): TrieNode => ({ words: new Map() });

/** The child of `node` for the literal word `word`, created when missing. */
function wordChild(node: TrieNode, word: string): TrieNode {
  const hash = hashOf(word);
  const first = node.words.get(hash);
  for (let edge = first; edge; edge = edge.next) if (edge.word === word) return edge.node;
  const child = newNode();
  node.words.set(hash, { word, node: child, next: first });
  return child;
}
const CURRENCY_SIGN = /[$£€¥₹₽₿]/;
const PLACEHOLDER = /^\{(num|money|any|code)\}$/;
const CODE = /^\d{4,}$/;

export class PhraseSyntaxError extends Error {}

/** The trie keys of one phrase: literal words normalised like comment text, placeholders kept. */
function phraseKeys(phrase: string): string[] {
  const keys: string[] = [];
  for (const piece of phrase.split(/\s+/)) {
    if (!piece) continue;
    const placeholder = PLACEHOLDER.exec(piece);
    if (placeholder) keys.push(`{${placeholder[1]}}`);
    else if (/[{}]/.test(piece)) throw new PhraseSyntaxError(`unknown placeholder "${piece}" in phrase "${phrase}" (known: {num}, {money}, {code}, {any})`);
    else keys.push(...tokenize(normalize(piece).text).values());
  }
  return keys;
}

function parseEntry(entry: string): { phrase: string; weight: number } {
  const bar = entry.lastIndexOf('|');
  if (bar < 0) return { phrase: entry.trim(), weight: 1 };
  const weight = Number(entry.slice(bar + 1).trim());
  if (!Number.isFinite(weight) || weight <= 0) throw new PhraseSyntaxError(`bad weight in "${entry}": expected a positive number after "|"`);
  return { phrase: entry.slice(0, bar).trim(), weight };
}

/** Key of two consecutive token hashes in the pair set (collisions only cost a walk). */
const pairKey = (first: number, second: number) => (Math.imul(first, 0x01000193) ^ second) & 0x3fffffff;
const FROM_ANY = 1;
const FROM_NUMBER = 2;
const FROM_PAIR = 4;

export class PhraseMatcher {
  private readonly root = newNode();
  /**
   * Per first-word hash, what the next word must be for a phrase to match
   * from it: FROM_ANY (a one-word phrase or {any} second: nothing),
   * FROM_NUMBER (a {num}, {money} or {code} second: a number), FROM_PAIR
   * (a literal second: in `pairs`). Phrases start with everyday words ("i",
   * "a", "to", "you": one word in five of the benchmark's comments), and
   * without this each of them cost a walk of the trie.
   */
  private readonly firstWords = new Map<number, number>();
  /** pairKey of every listed first and literal second word. */
  private readonly pairs = new Set<number>();
  /**
   * One bit per value of a hash's low 16 bits, set for each listed first
   * word (132 bits of 65,536 with the shipped lists), so nearly every word of
   * a comment is turned away by one array read before the Map lookup: phrase
   * matching went from about 2.0 to 1.1 us per 40-word comment.
   */
  private readonly firstBits = new Uint32Array(65_536 / 32);

  constructor(groups: PhraseGroup[]) {
    groups.forEach((group, index) => {
      for (const entry of group.phrases) {
        const { phrase, weight } = parseEntry(entry);
        const keys = phraseKeys(phrase);
        if (keys.length === 0) continue;
        let node = this.root;
        for (const key of keys) {
          if (key === '{num}') node = node.num ??= newNode();
          else if (key === '{money}') node = node.money ??= newNode();
          else if (key === '{any}') node = node.any ??= newNode();
          else if (key === '{code}') node = node.code ??= newNode();
          else node = wordChild(node, key);
        }
        // The first list to claim a phrase keeps it; a repeat is harmless.
        node.terminal ??= { group: index, phrase, weight };
      }
    });
    for (const [hash, first] of this.root.words) {
      let from = 0;
      for (let edge: WordEdge | undefined = first; edge; edge = edge.next) {
        const child = edge.node;
        if (child.terminal || child.any) from |= FROM_ANY;
        if (child.num || child.money || child.code) from |= FROM_NUMBER;
        for (const second of child.words.keys()) {
          this.pairs.add(pairKey(hash, second));
          from |= FROM_PAIR;
        }
      }
      this.firstWords.set(hash, from);
      this.firstBits[(hash & 0xffff) >>> 5]! |= 1 << (hash & 31);
    }
  }

  /** Leftmost-longest matches, non-overlapping, in text order. */
  match(tokens: Tokens): PhraseHit[] {
    const hits: PhraseHit[] = [];
    const root = this.root;
    // Only a listed first word, or a number where a phrase starts with {num}, {money} or {code}, starts a phrase.
    const anyStarts = root.any !== undefined;
    const numberStarts = root.num !== undefined || root.money !== undefined || root.code !== undefined;
    let i = 0;
    while (i < tokens.count) {
      // Most words start no phrase: skip them without walking the trie.
      if (!anyStarts && !(numberStarts && tokens.kinds[i] === NUMBER) && !this.mayStartAt(tokens, i)) {
        i++;
        continue;
      }
      const terminal = this.longestAt(tokens, i);
      if (terminal) {
        const end = this.bestEnd;
        hits.push({ group: terminal.group, phrase: terminal.phrase, weight: terminal.weight, first: i, last: end });
        i = end;
      } else {
        i++;
      }
    }
    return hits;
  }

  /** Whether a phrase starting with a listed word can match from token i, judged by the next token alone. */
  private mayStartAt(tokens: Tokens, i: number): boolean {
    const hash = tokens.hashes[i]!;
    if ((this.firstBits[(hash & 0xffff) >>> 5]! & (1 << (hash & 31))) === 0) return false;
    const from = this.firstWords.get(hash);
    if (from === undefined) return false;
    if (from & FROM_ANY) return true;
    if (i + 1 >= tokens.count) return false;
    if (from & FROM_NUMBER && tokens.kinds[i + 1] === NUMBER) return true;
    return (from & FROM_PAIR) !== 0 && this.pairs.has(pairKey(tokens.hashes[i]!, tokens.hashes[i + 1]!));
  }

  // Walk state, reused across calls: matching runs synchronously, one comment at a time.
  private bestTerminal: Terminal | null = null;
  private bestEnd = 0;

  /** The longest phrase starting at token `start` (its end is left in bestEnd), or null. */
  private longestAt(tokens: Tokens, start: number): Terminal | null {
    this.bestTerminal = null;
    this.bestEnd = start;
    this.walk(this.root, tokens, start);
    return this.bestTerminal;
  }

  private walk(node: TrieNode, tokens: Tokens, i: number): void {
    if (node.terminal && (!this.bestTerminal || i > this.bestEnd)) {
      this.bestTerminal = node.terminal;
      this.bestEnd = i;
    }
    if (i >= tokens.count) return;
    for (let edge = node.words.get(tokens.hashes[i]!); edge; edge = edge.next) {
      if (!tokens.is(i, edge.word)) continue;
      this.walk(edge.node, tokens, i + 1);
      break;
    }
    if (tokens.kinds[i] === NUMBER) {
      const value = tokens.value(i);
      if (node.num) this.walk(node.num, tokens, i + 1);
      if (node.money && CURRENCY_SIGN.test(value)) this.walk(node.money, tokens, i + 1);
      if (node.code && CODE.test(value)) this.walk(node.code, tokens, i + 1);
    }
    if (node.any) this.walk(node.any, tokens, i + 1);
  }
}
