// The moderation engine's vocabulary. The engine is pure: everything it needs
// (the comment, the compiled rules, the author's recent history, the time)
// arrives in a CheckContext; nothing here touches HTTP, the database or a clock.
import type { LanguageGuess } from './language/detect';

export type { LanguageGuess };

export type Action = 'approve' | 'hold' | 'reject';

/** Severity order used by the policy: a stronger action wins. */
export const ACTION_RANK: Record<Action, number> = { approve: 0, hold: 1, reject: 2 };

/** Which input field a piece of evidence points into. */
export type EvidenceField = 'text' | 'name' | 'email' | 'articleUrl' | 'userAgent';

/** A matched span, with UTF-16 offsets into the original (un-normalised) field. */
export interface Span {
  field: EvidenceField;
  start: number;
  end: number;
  /** The original characters at [start, end), as the reader wrote them (the first ones only, when `truncated`). */
  text: string;
  /** What the span matched after normalisation (e.g. the list word), when it differs. */
  matched?: string;
  /** Set when `text` holds only the first characters of a long span (evidence-caps.ts). */
  truncated?: true;
}

export interface Evidence {
  /** The first few matched spans (see evidence-caps.ts). */
  spans?: Span[];
  /** How many spans the check found, when more than `spans` holds. */
  spanCount?: number;
  /** A score the check computed, and the threshold it crossed. */
  score?: number;
  threshold?: number;
  /** Counted things (links, repeated comments) and the limit they crossed. */
  count?: number;
  limit?: number;
  /** Time window in seconds, for history checks. */
  windowSeconds?: number;
  /** Words or features that pushed a classifier score most, strongest first. */
  topFeatures?: Array<{ feature: string; weight: number }>;
}

export interface Reason {
  /** The check that produced the reason, e.g. "profanity". */
  check: string;
  /** The rule id from the rule file, e.g. "profanity.severe". */
  rule: string;
  action: Action;
  /** One sentence a moderator can read. */
  message: string;
  evidence: Evidence;
}

/** A check's findings. Each reason carries its own action; the policy combines them. */
export interface CheckResult {
  reasons: Reason[];
  scores?: Record<string, number>;
}

/** The comment as the engine sees it: strings only, already validated by the caller. */
export interface CommentInput {
  site: string;
  name: string;
  text: string;
  email?: string;
  ip?: string;
  userAgent?: string;
  articleId?: string;
  articleUrl?: string;
  parentId?: string;
  externalId?: string;
  language?: string;
  /** The site's own user id: author policies and history are kept per site and authorId. */
  authorId?: string;
}

/**
 * Text after normalisation (NFKC, case fold, zero-width and combining marks
 * stripped, homoglyphs and leetspeak mapped), with a map back to the original.
 */
export interface NormalizedText {
  original: string;
  /** The normalised form used for matching. */
  text: string;
  /** For each UTF-16 index i of `text`, the index in `original` it came from; length text.length + 1. */
  toOriginal: Uint32Array;
  /** Set when the original is all ASCII: `text` is then its lower case, offset for offset. */
  ascii?: true;
}

/** What the engine knows about recent comments sharing an identity or a text with this one. */
export interface HistorySnapshot {
  /** Recent comments by the same author name / email / IP, within the longest window the rules ask for. */
  byAuthor: HistoryEvent[];
  byEmail: HistoryEvent[];
  byIp: HistoryEvent[];
  /** Recent comments with the same normalised text hash, from anyone on the site. */
  byText: HistoryEvent[];
}

export interface HistoryEvent {
  /** Milliseconds since the epoch. */
  at: number;
  /** Hash of the normalised text. */
  textHash: string;
  /** Hash of the author identity (name), so campaigns count distinct authors. */
  authorHash: string;
  commentId: string;
}

export const EMPTY_HISTORY: HistorySnapshot = { byAuthor: [], byEmail: [], byIp: [], byText: [] };

export interface CheckContext {
  comment: CommentInput;
  text: NormalizedText;
  name: NormalizedText;
  /** Hash of the normalised text, used by history lookups. */
  textHash: string;
  history: HistorySnapshot;
  /** Milliseconds since the epoch, given by the caller. */
  now: number;
  /** The language the engine detected (absent when a caller builds a context by hand: English lists only). */
  language?: LanguageGuess;
}

/** A compiled check: built once per rule-set load, called once per comment. */
export type Check = (ctx: CheckContext) => CheckResult;

export interface Decision {
  action: Action;
  reasons: Reason[];
  scores: Record<string, number>;
  rulesVersion: string;
  /** The detected language and how sure the detector was ("unknown" for texts too short to tell). */
  language?: LanguageGuess;
}
