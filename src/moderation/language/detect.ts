// Which language a comment is written in: eld's guess on the text as the
// reader wrote it (accents and all), the site's `language` field as a hint,
// and "unknown" when the text has too few letters to tell ("lol ok",
// "Super!"). Pure and deterministic: the same text and hint give the same
// guess in the API, the CLI, replay and the tests.
import { eldScores } from './eld-scorer';

export const UNKNOWN = 'unknown';

export interface LanguageGuess {
  /** ISO 639-1 code ("de"), or "unknown". */
  code: string;
  /**
   * How far the best language is ahead of the runner-up, 0 to 1:
   * 1 - second / best over eld's scores (0 when unknown). Short texts in
   * related languages (German and Dutch) come out low.
   */
  confidence: number;
  /** The site's language field (primary subtag, lower case), when it sent one. */
  hint?: string;
  /** Set when the hint decided between languages eld scored about the same. */
  byHint?: true;
}

export interface DetectionOptions {
  /** Fewer letters than this: "unknown". */
  minLetters: number;
  /** Fewer words than this: "unknown" (one or two words, "Horniman Museum", read as any language). */
  minWords: number;
  /** Only the first characters are read: a comment's language shows early, and the cost stays flat. */
  sampleChars: number;
  /** The hinted language wins when its score is within this share of the best one. */
  hintMargin: number;
  /**
   * A guess less sure than this is "unknown": evasive spellings ("Sch3iße ihr
   * A r s c h l o c h") and mixed short texts read as a random language, and
   * unknown texts are matched against every language's word lists.
   */
  minConfidence: number;
}

export const DEFAULT_DETECTION: DetectionOptions = { minLetters: 12, minWords: 3, sampleChars: 64, hintMargin: 0.1, minConfidence: 0.05 };

/** "pt-BR" -> "pt"; undefined for anything that is not a language tag. */
export function primaryLanguage(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const m = /^([A-Za-z]{2,3})(?:[-_]|$)/.exec(tag);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** The first `chars` characters, ended at the last space in them so no half word is read. */
function sampleOf(text: string, chars: number): string {
  const cut = text.lastIndexOf(' ', chars);
  return text.slice(0, cut > chars / 2 ? cut : chars);
}

const WORD = /\p{L}+/gu;

/** Whether the sample has at least the letters and words detection needs. */
function longEnough(sample: string, options: DetectionOptions): boolean {
  let letters = 0;
  let words = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(sample); m !== null; m = WORD.exec(sample)) {
    letters += m[0].length;
    if (++words >= options.minWords && letters >= options.minLetters) return true;
  }
  return false;
}

export function detectLanguage(text: string, hintTag: string | undefined, options: DetectionOptions = DEFAULT_DETECTION): LanguageGuess {
  const hint = primaryLanguage(hintTag);
  const withHint = <T extends LanguageGuess>(g: T): T => (hint ? { ...g, hint } : g);
  const sample = text.length > options.sampleChars ? sampleOf(text, options.sampleChars) : text;
  if (!longEnough(sample, options)) return withHint({ code: UNKNOWN, confidence: 0 });
  const result = eldScores(sample);
  if (!result.language || !result.reliable) return withHint({ code: UNKNOWN, confidence: 0 });
  const { best, second } = result;
  const confidence = best > 0 ? Math.round((1 - second / best) * 1000) / 1000 : 0;
  const hinted = hint !== undefined && hint !== result.language ? result.scoreOf(hint) : 0;
  if (hinted > 0 && hinted >= best * (1 - options.hintMargin)) return { code: hint!, confidence, hint: hint!, byHint: true };
  if (confidence < options.minConfidence) return withHint({ code: UNKNOWN, confidence });
  return withHint({ code: result.language, confidence });
}

/**
 * Whether `code` scored within `margin` of the detected language on the same
 * sample detection read: a short English sentence with a foreign name or an
 * identity word in it ("Abdul is a disgusting muslim") can come out as Malay
 * by a hair, and a model that reads English should still read it. Known
 * sentences in other languages put English at most 0.82 of their best score
 * (data/languages/short-sentences.tsv).
 */
export function scoresClose(text: string, code: string, margin: number, options: DetectionOptions = DEFAULT_DETECTION): boolean {
  const sample = text.length > options.sampleChars ? sampleOf(text, options.sampleChars) : text;
  const result = eldScores(sample);
  return result.best > 0 && result.scoreOf(code) >= result.best * (1 - margin);
}

const NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** "de" -> "German", for messages; the code itself when the platform does not know it. */
export function languageName(code: string): string {
  if (code === UNKNOWN) return 'an unknown language';
  try {
    return NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}
