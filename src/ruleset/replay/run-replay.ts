// Runs candidate rules over a stream of stored comments, one at a time, in
// the stream's order, keeping only counters, samples and a windowed history:
// memory does not grow with the number of comments replayed.
import { decide, prepare } from '../../moderation/engine';
import type { Action, CommentInput, Reason } from '../../moderation/types';
import type { RuleBook } from '../loader';
import { Agreement } from './agreement';
import { moderatorDecision, type ReplayOutcome } from './outcome';
import { HISTORY_NOTE, transitionView, type ReplayReport } from './report';
import { ReplayHistoryStore } from './replay-history';
import { TransitionCounter } from './transitions';

/** The stored comment fields a replay reads (a projection of CommentDoc). */
export interface ReplaySourceComment extends Omit<CommentInput, 'site'> {
  _id: string;
  site: string;
  createdAt: Date;
  decision: { action: Action; reasons: Reason[] };
  status: Action;
  version: number;
  lastAction?: { actor: string } | null;
}

export interface ReplayOptions {
  /** Changed decisions kept per transition for the report. */
  sampleSize: number;
  /** Called every `progressEvery` comments with the count so far. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
  clock?: () => number;
}

const INPUT_FIELDS = ['name', 'text', 'email', 'ip', 'userAgent', 'articleId', 'articleUrl', 'parentId', 'externalId', 'language'] as const;

/** The comment exactly as the engine saw it on arrival: the stored input fields only. */
function commentInput(doc: ReplaySourceComment): CommentInput {
  const input: CommentInput = { site: doc.site, name: doc.name, text: doc.text };
  for (const field of INPUT_FIELDS) {
    const value = doc[field];
    if (typeof value === 'string') input[field] = value;
  }
  return input;
}

function longestHistoryWindow(book: RuleBook): number {
  return Math.max(book.defaultRules.historyWindowSeconds, ...[...book.sites.values()].map((r) => r.historyWindowSeconds));
}

const isBatch = (item: ReplaySourceComment | readonly ReplaySourceComment[]): item is readonly ReplaySourceComment[] => Array.isArray(item);

/**
 * `source` gives comments one at a time or in arrays (a reader's batches):
 * an array costs one await of the stream instead of one per comment.
 */
export async function replayComments(source: AsyncIterable<ReplaySourceComment | readonly ReplaySourceComment[]>, book: RuleBook, opts: ReplayOptions): Promise<ReplayReport> {
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const counter = new TransitionCounter(opts.sampleSize);
  const current = new Agreement();
  const candidate = new Agreement();
  let moderated = 0;
  const history = new ReplayHistoryStore(longestHistoryWindow(book));
  const progressEvery = opts.progressEvery ?? 1000;

  const replayOne = (doc: ReplaySourceComment) => {
    const rules = book.forSite(doc.site);
    const prepared = prepare(commentInput(doc));
    // The comment's arrival time is "now": windows are measured as they were then.
    const now = doc.createdAt.getTime();
    const snapshot = history.recordAndFetchNow(prepared, doc._id, now, rules.historyWindowSeconds);
    const decision = decide(rules, prepared, snapshot, now);
    const outcome: ReplayOutcome = {
      id: doc._id,
      site: doc.site,
      createdAt: doc.createdAt,
      text: doc.text,
      before: { action: doc.decision.action, reasons: doc.decision.reasons ?? [] },
      after: { action: decision.action, reasons: decision.reasons },
      moderator: moderatorDecision(doc),
    };
    counter.add(outcome);
    if (outcome.moderator !== null) {
      moderated += 1;
      current.add(outcome.before.action, outcome.moderator);
      candidate.add(outcome.after.action, outcome.moderator);
    }
    if (opts.onProgress && counter.total % progressEvery === 0) opts.onProgress(counter.total);
  };

  for await (const item of source) {
    if (isBatch(item)) for (const doc of item) replayOne(doc);
    else replayOne(item);
  }
  opts.onProgress?.(counter.total);

  const elapsedMs = clock() - started;
  const candidateRules: Record<string, string> = { default: book.defaultRules.version };
  for (const [site, rules] of book.sites) candidateRules[site] = rules.version;
  return {
    total: counter.total,
    changed: counter.changed,
    changedRate: counter.total > 0 ? counter.changed / counter.total : null,
    actions: { current: { ...counter.before }, candidate: { ...counter.after } },
    transitions: counter.transitions().map(transitionView),
    moderated: { count: moderated, current: current.scores(), candidate: candidate.scores() },
    candidateRules,
    history: HISTORY_NOTE,
    elapsedMs,
    commentsPerSecond: elapsedMs > 0 ? Math.round((counter.total * 1000) / elapsedMs) : null,
  };
}
