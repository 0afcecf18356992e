// Scores one comment for every label with one scan of its words: the
// comment-level models (spam) from one hashed vector of the whole comment,
// the sentence-level models (toxicity and its kin) from each sentence, the
// comment taking its worst sentence. A scorer owns its buffers: the result
// of score() is valid until it scores again, and explain() reads it.
import { CommentVectorizer } from './features/comment-vector';
import { DENSE_SCALE, type VectorSpace } from './features/sentence-model';
import { SentenceTokenizer, type SentenceTokens } from './features/sentence-tokens';
import { END_WORD, mix, pairHash, START_WORD } from './text/hash';
import { WordScanner, type ScannedText } from './text/word-scan';
import { PLAIN_VOCABULARY, STOP, WordTable } from './text/word-table';
import { sameFeatureConfig, sigmoid, type LinearModel } from './linear-model';
import { vocabularyOf } from './vocabulary';
import { sharedInterleave } from './weight-groups';
import { rowScores, type WordVectors } from './word-vectors';
import { explainComment, explainSentence, type Evidence } from './explain';

export type { Evidence };

export interface ScorerOptions {
  /** The word vectors the sentence models name (features.vectors), already read. */
  vectors?: WordVectors | null;
  /** Per model, log-odds added after calibration: logit(site base rate) - logit(training prior). */
  logitShift?: readonly number[];
}

/** A group of models reading the same features, with their weights interleaved. */
interface Group {
  models: LinearModel[];
  positions: number[];
  weights: Int16Array;
  scales: Float64Array;
  hashBits: number;
  boundaries: boolean;
  /** Sentence models with vectors: per model, the score each vector row adds before averaging. */
  rowScores: Float32Array[] | null;
  /** The same, interleaved (row-major, one value per model), for the scoring loop. */
  rowsInterleaved: Float32Array | null;
  biases: Float64Array;
}

export interface CommentScores {
  /** Calibrated probabilities, in the order of the scorer's models. */
  probabilities: Float64Array;
  /** Words in the comment. */
  words: number;
  sentences: number;
  /** Per model, the sentence whose score the comment took (-1: a comment-level model). */
  bestSentence: Int32Array;
  scanned: ScannedText;
  tokens: SentenceTokens;
}

const NO_SKIP: ReadonlyArray<readonly [number, number]> = [];

export class CommentScorer {
  private readonly groups: Group[] = [];
  private readonly scanner: WordScanner;
  private readonly tokenizer = new SentenceTokenizer();
  private readonly vectorizer = new CommentVectorizer();
  private readonly shift: Float64Array;
  private readonly space: VectorSpace | null;
  private readonly result: CommentScores;
  private z = new Float64Array(8);
  private dense = new Float64Array(8);
  private skip: ReadonlyArray<readonly [number, number]> = NO_SKIP;
  private best = new Float64Array(8);
  private bestAt = new Int32Array(8);

  constructor(readonly models: readonly LinearModel[], options: ScorerOptions = {}) {
    const sentence = models.filter((m) => m.features.level === 'sentence');
    const first = sentence[0];
    if (sentence.some((m) => JSON.stringify(m.features.identityTerms ?? []) !== JSON.stringify(first!.features.identityTerms ?? []) || m.features.vectors?.sha256 !== first!.features.vectors?.sha256)) {
      throw new Error('the sentence models must share their identity terms and word vectors');
    }
    if (first?.features.vectors && (!options.vectors || options.vectors.sha256 !== first.features.vectors.sha256)) throw new Error(`the sentence models need the word vectors ${first.features.vectors.file} (sha256 ${first.features.vectors.sha256})`);
    const { vocabulary, space } = first ? vocabularyOf(first.features, first.features.vectors ? options.vectors! : null) : { vocabulary: PLAIN_VOCABULARY, space: null };
    this.space = space;
    this.scanner = new WordScanner(WordTable.for(vocabulary));
    const byConfig: LinearModel[][] = [];
    for (const model of models) {
      const group = byConfig.find((g) => sameFeatureConfig(g[0]!.features, model.features));
      if (group) group.push(model);
      else byConfig.push([model]);
    }
    for (const g of byConfig) {
      const { weights, scales } = sharedInterleave(g);
      const f = g[0]!.features;
      this.groups.push({
        models: g,
        positions: g.map((m) => models.indexOf(m)),
        weights,
        scales,
        hashBits: f.hashBits,
        boundaries: f.boundaries ?? false,
        rowScores: null,
        rowsInterleaved: null,
        biases: Float64Array.from(g, (m) => m.bias),
      });
      const group = this.groups[this.groups.length - 1]!;
      if (f.level === 'sentence' && space) {
        group.rowScores = g.map((m) => rowScores(space.vectors, Array.from(m.dense!, (w) => w * DENSE_SCALE), space.identity));
        const rows = group.rowScores[0]!.length;
        const k = g.length;
        const inter = new Float32Array(rows * k);
        for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) inter[r * k + j] = group.rowScores[j]![r]!;
        group.rowsInterleaved = inter;
      }
    }
    this.shift = Float64Array.from(models, (_, i) => options.logitShift?.[i] ?? 0);
    this.result = { probabilities: new Float64Array(models.length), words: 0, sentences: 0, bestSentence: new Int32Array(models.length), scanned: null as unknown as ScannedText, tokens: null as unknown as SentenceTokens };
  }

  /**
   * Every label's probability for the text (see CommentScores). The
   * sentence models leave out sentences that start inside a `skip` range
   * (offsets in the text): counter-speech the caller has recognised.
   */
  score(text: string, skip: ReadonlyArray<readonly [number, number]> = NO_SKIP): CommentScores {
    const r = this.result;
    this.skip = skip;
    const scanned = this.scanner.scan(text);
    r.scanned = scanned;
    r.words = scanned.count;
    r.sentences = scanned.sentences;
    // Skip ranges are offsets in the text as sent: the words' offsets must be too.
    if (skip.length > 0) this.scanner.resolveOffsets(scanned);
    r.tokens = this.tokenizer.build(scanned);
    for (const group of this.groups) {
      if (group.models[0]!.features.level === 'sentence') this.scoreSentences(group, r);
      else this.scoreComment(group, r);
    }
    return r;
  }

  /** Probabilities by label name, for tools and tests. */
  scoreByLabel(text: string): Record<string, number> {
    const p = this.score(text).probabilities;
    return Object.fromEntries(this.models.map((m, i) => [m.label, p[i]!]));
  }

  private calibrated(position: number, model: LinearModel, z: number): number {
    return sigmoid(model.calibration.a * z + model.calibration.b + this.shift[position]!);
  }

  private scoreComment(group: Group, r: CommentScores): void {
    const n = this.vectorizer.build(r.scanned, group.hashBits, group.boundaries);
    const { indices, values } = this.vectorizer.vector();
    const k = group.models.length;
    const w = group.weights;
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let e = 0; e < n; e++) sum += w[indices[e]! * k + j]! * values[e]!;
      const m = group.models[j]!;
      const position = group.positions[j]!;
      // No words (an empty comment, or only allowed names blanked out): nothing to judge.
      r.probabilities[position] = r.scanned.count === 0 ? 0 : this.calibrated(position, m, m.bias + sum * group.scales[j]!);
      r.bestSentence[position] = -1;
    }
  }

  private scoreSentences(group: Group, r: CommentScores): void {
    const k = group.models.length;
    if (this.z.length < k) {
      this.z = new Float64Array(k * 2);
      this.dense = new Float64Array(k * 2);
      this.best = new Float64Array(k * 2);
      this.bestAt = new Int32Array(k * 2);
    }
    const z = this.z;
    const dense = this.dense;
    const best = this.best.fill(-Infinity, 0, k);
    const bestAt = this.bestAt.fill(-1, 0, k);
    const tokens = r.tokens;
    const { hash, row, flags, start, sentenceStarts } = tokens;
    const w = group.weights;
    const scales = group.scales;
    const biases = group.biases;
    const mask = (1 << group.hashBits) - 1;
    const rows = group.rowsInterleaved;
    const skip = this.skip;
    const sentences = tokens.sentences;
    for (let s = 0; s < sentences; s++) {
      const from = sentenceStarts[s]!;
      const to = s + 1 < sentences ? sentenceStarts[s + 1]! : tokens.count;
      if (skip.length > 0 && skip.some(([a, b]) => start[from]! >= a && start[from]! < b)) continue;
      for (let j = 0; j < k; j++) {
        z[j] = 0;
        dense[j] = 0;
      }
      let previous = START_WORD;
      let withVector = 0;
      for (let t = from; t < to; t++) {
        const h = hash[t]!;
        const a = (mix(h) & mask) * k;
        const b = (pairHash(previous, h) & mask) * k;
        for (let j = 0; j < k; j++) z[j]! += w[a + j]! + w[b + j]!;
        previous = h;
        const v = row[t]!;
        if (rows !== null && v >= 0 && (flags[t]! & STOP) === 0) {
          const base = v * k;
          for (let j = 0; j < k; j++) dense[j]! += rows[base + j]!;
          withVector++;
        }
      }
      const c = (pairHash(previous, END_WORD) & mask) * k;
      const inv = 1 / Math.sqrt(2 * (to - from) + 1);
      const perVector = withVector > 0 ? 1 / withVector : 0;
      for (let j = 0; j < k; j++) {
        const value = biases[j]! + (z[j]! + w[c + j]!) * scales[j]! * inv + dense[j]! * perVector;
        if (value > best[j]!) {
          best[j] = value;
          bestAt[j] = s;
        }
      }
    }
    for (let j = 0; j < k; j++) {
      const m = group.models[j]!;
      const position = group.positions[j]!;
      const scored = bestAt[j]! >= 0;
      // No sentence to judge (an empty comment, or only counter-speech): nothing is toxic.
      r.probabilities[position] = scored ? this.calibrated(position, m, best[j]!) : 0;
      r.bestSentence[position] = scored ? bestAt[j]! : -1;
    }
  }

  /**
   * The words behind a label's score of the text scored last: the strongest
   * first, in calibrated log-odds, each with its offsets in the text as
   * sent. Stop-words are never named.
   */
  explain(label: string, limit: number): Evidence[] {
    const position = this.models.findIndex((m) => m.label === label);
    if (position < 0 || limit <= 0) return [];
    const group = this.groups.find((g) => g.positions.includes(position))!;
    const j = group.positions.indexOf(position);
    const model = group.models[j]!;
    const r = this.result;
    const scale = group.scales[j]! * model.calibration.a;
    // Offsets in the text as sent, for the spans (the tokens carry them too).
    if (r.scanned.canonical !== null) {
      this.scanner.resolveOffsets(r.scanned);
      r.tokens = this.tokenizer.build(r.scanned);
    }
    if (model.features.level !== 'sentence') {
      this.vectorizer.build(r.scanned, group.hashBits, group.boundaries);
      return explainComment(r.scanned, this.vectorizer.emissions, group.weights, group.models.length, j, scale, limit);
    }
    const s = r.bestSentence[position]!;
    if (s < 0) return [];
    return explainSentence(r.scanned, r.tokens, s, group.weights, group.models.length, j, scale, group.hashBits, group.rowScores?.[j] ?? null, model.calibration.a, limit);
  }
}
