// The comment-level feature vector (the spam model reads whole comments:
// adverts open or close with their request): stemmed word unigrams and
// bigrams, the start and end pairs, and a few shape features (length,
// capitals, exclamation marks, links), hashed into buckets, each family
// scaled to unit length with sublinear counts (1 + ln count). Built from a
// scanned comment; a vectorizer owns its buffers, so a vector is valid until
// it builds again.
import { END_WORD, fnv1a, mix, pairHash, SEED_SHAPE, START_WORD } from '../text/hash';
import type { ScannedText } from '../text/word-scan';
import { F_STEM, STRIDE } from '../text/word-table';

/** Unique bucket indices with their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

// Shape feature names are few and fixed, so their hashes are computed once.
const shapeHash = (name: string) => mix(fnv1a(name, SEED_SHAPE));
const LENGTH_HASHES = Array.from({ length: 9 }, (_, k) => shapeHash(`len:${k}`));
const CAPS_HASHES = Array.from({ length: 5 }, (_, k) => shapeHash(`caps:${k}`));
const BANG_HASHES = Array.from({ length: 4 }, (_, k) => shapeHash(`bang:${k}`));
const URL_HASH = shapeHash('has:url');
// Shape features carry less weight than the words: they are hints, not content.
const SHAPE_WEIGHT = 0.5;

/** Per word emission: its bucket, the word it is credited to, and its share of the feature's value. */
export interface CommentEmissions {
  count: number;
  bucket: Int32Array;
  word: Int32Array;
  share: Float64Array;
}

export class CommentVectorizer {
  // A small open-addressing table (bucket -> slot) reused across calls: it
  // stays in the CPU cache, where arrays indexed by bucket (megabytes) missed
  // on almost every access.
  private keys = new Int32Array(4096).fill(-1);
  private counts = new Uint32Array(4096);
  private sums = new Float64Array(4096);
  private shares = new Float64Array(4096);
  private used = new Int32Array(4096);
  private usedCount = 0;
  private wordHashes = new Int32Array(256);
  private wordOrigin = new Int32Array(256);
  private shape = new Int32Array(8);
  private groupSlots = new Int32Array(256);
  private bySlot = new Int32Array(256);
  private outIndices = new Int32Array(512);
  private outValues = new Float32Array(512);
  private readonly view: SparseVector = { indices: this.outIndices, values: this.outValues };
  readonly emissions: CommentEmissions = { count: 0, bucket: new Int32Array(512), word: new Int32Array(512), share: new Float64Array(512) };

  /**
   * The vector of the scanned comment: the first `n` (returned) entries of
   * `vector()`'s arrays, in first-use order. Also fills `emissions` for
   * explanations.
   */
  build(scanned: ScannedText, hashBits: number, boundaries: boolean): number {
    const mask = (1 << hashBits) - 1;
    const n = scanned.count;
    const need = 2 * n + 4;
    if (this.wordHashes.length < need) {
      this.wordHashes = new Int32Array(need * 2);
      this.wordOrigin = new Int32Array(need * 2);
    }
    const hashes = this.wordHashes;
    const origin = this.wordOrigin;
    const data = scanned.table.data;
    let e = 0;
    let previous = 0;
    let first = 0;
    for (let t = 0; t < n; t++) {
      const unigram = data[scanned.slots[t]! * STRIDE + F_STEM]!;
      hashes[e] = mix(unigram);
      origin[e++] = t;
      if (t > 0) {
        // A bigram is credited to its second word; the first already has its own unigram.
        hashes[e] = pairHash(previous, unigram);
        origin[e++] = t;
      } else first = unigram;
      previous = unigram;
    }
    if (boundaries && n > 0) {
      hashes[e] = pairHash(START_WORD, first);
      origin[e++] = 0;
      hashes[e] = pairHash(previous, END_WORD);
      origin[e++] = n - 1;
    }
    const s = scanned.survey;
    let shapes = 0;
    this.shape[shapes++] = LENGTH_HASHES[Math.min(8, Math.floor(Math.log2(n + 1)))]!;
    if (s.letters >= 8) this.shape[shapes++] = CAPS_HASHES[Math.round((s.upper / s.letters) * 4)]!;
    if (s.exclaims > 0) this.shape[shapes++] = BANG_HASHES[Math.min(3, s.exclaims)]!;
    if (scanned.sawUrl) this.shape[shapes++] = URL_HASH;
    const em = this.emissions;
    if (em.bucket.length < e) {
      em.bucket = new Int32Array(e * 2);
      em.word = new Int32Array(e * 2);
      em.share = new Float64Array(e * 2);
    }
    this.addGroup(hashes, e, mask, 1, origin);
    this.addGroup(this.shape, shapes, mask, SHAPE_WEIGHT, null);
    em.count = e;
    return this.readOut();
  }

  vector(): SparseVector {
    if (this.view.indices !== this.outIndices) {
      this.view.indices = this.outIndices;
      this.view.values = this.outValues;
    }
    return this.view;
  }

  /** Room for `n` more keys at no more than half load. */
  private reserve(n: number): void {
    if ((this.usedCount + n) * 2 <= this.keys.length) return;
    let size = this.keys.length;
    while ((this.usedCount + n) * 2 > size) size *= 2;
    const old = { keys: this.keys, counts: this.counts, sums: this.sums, used: this.used.subarray(0, this.usedCount) };
    this.keys = new Int32Array(size).fill(-1);
    this.counts = new Uint32Array(size);
    this.sums = new Float64Array(size);
    this.shares = new Float64Array(size);
    this.used = new Int32Array(size);
    this.usedCount = 0;
    const mask = size - 1;
    for (const slot of old.used) {
      const key = old.keys[slot]!;
      let s = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
      while (this.keys[s] !== -1 && this.keys[s] !== key) s = (s + 1) & mask;
      if (this.keys[s] === -1) {
        this.keys[s] = key;
        this.used[this.usedCount++] = s;
      }
      this.counts[s] = old.counts[slot]!;
      this.sums[s] = old.sums[slot]!;
    }
  }

  /**
   * Adds one family's emissions to the sums as (1 + ln count), scaled to unit
   * L2 norm. With `origin`, also records each emission for explanations.
   */
  private addGroup(items: Int32Array, count: number, mask: number, groupWeight: number, origin: Int32Array | null): void {
    if (count === 0) return;
    this.reserve(count);
    if (this.groupSlots.length < count) {
      this.groupSlots = new Int32Array(count * 2);
      this.bySlot = new Int32Array(count * 2);
    }
    const slots = this.groupSlots;
    const bySlot = this.bySlot;
    const { keys, counts, sums, shares, used } = this;
    const tableMask = keys.length - 1;
    let usedCount = this.usedCount;
    let distinct = 0;
    for (let k = 0; k < count; k++) {
      const key = items[k]! & mask;
      let s = (Math.imul(key, 0x9e3779b1) >>> 0) & tableMask;
      for (;;) {
        const stored = keys[s]!;
        if (stored === key) break;
        if (stored === -1) {
          keys[s] = key;
          used[usedCount++] = s;
          break;
        }
        s = (s + 1) & tableMask;
      }
      bySlot[k] = s;
      const c = counts[s]!;
      if (c === 0) slots[distinct++] = s;
      counts[s] = c + 1;
    }
    this.usedCount = usedCount;
    let norm = 0;
    for (let k = 0; k < distinct; k++) {
      const c = counts[slots[k]!]!;
      const v = c === 1 ? 1 : 1 + Math.log(c);
      norm += v * v;
    }
    const scale = groupWeight / Math.sqrt(norm);
    for (let k = 0; k < distinct; k++) {
      const s = slots[k]!;
      const c = counts[s]!;
      const value = (c === 1 ? 1 : 1 + Math.log(c)) * scale;
      // Another family may share this bucket (a hash collision): the values add up.
      sums[s]! += value;
      shares[s] = value / c;
      counts[s] = 0;
    }
    if (!origin) return;
    const em = this.emissions;
    for (let k = 0; k < count; k++) {
      em.bucket[k] = items[k]! & mask;
      em.word[k] = origin[k]!;
      em.share[k] = shares[bySlot[k]!]!;
    }
  }

  private readOut(): number {
    const n = this.usedCount;
    if (this.outIndices.length < n) {
      this.outIndices = new Int32Array(n * 2);
      this.outValues = new Float32Array(n * 2);
    }
    const { keys, sums, used } = this;
    for (let k = 0; k < n; k++) {
      const s = used[k]!;
      this.outIndices[k] = keys[s]!;
      this.outValues[k] = sums[s]!;
      keys[s] = -1;
      sums[s] = 0;
    }
    this.usedCount = 0;
    return n;
  }
}
