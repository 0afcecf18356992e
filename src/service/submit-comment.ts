// Submitting a comment: decide with the current rules and the stored history,
// store the comment with its decision, and only then answer. Shared by the
// JSON API and the Akismet adapter.
import { decide, prepare } from '../moderation/engine';
import type { HistoryStore } from '../moderation/history-keys';
import type { CommentInput } from '../moderation/types';
import type { RuleBook } from '../ruleset/loader';
import { commentIdFor } from '../store/comment-ids';
import type { CommentDoc, CommentSource } from '../store/comment-model';
import type { CommentRepository } from '../store/comments';

export interface SubmitDeps {
  comments: CommentRepository;
  history: HistoryStore;
  rules: () => RuleBook;
  now: () => number;
  /** Applied to what is stored and to the history keys, e.g. digests of IPs and emails (the checks never read them). */
  protect?: (input: CommentInput) => CommentInput;
  /** Told about every newly stored comment (webhooks, metrics); must not throw. */
  onStored?: (doc: CommentDoc) => void;
}

export interface SubmitResult {
  /** False when this was a repeat of a stored externalId: the stored copy is returned. */
  created: boolean;
  doc: CommentDoc;
}

export async function submitComment(deps: SubmitDeps, input: CommentInput, source: CommentSource = 'api'): Promise<SubmitResult> {
  // No read-before-write for repeats: the insert below meets the stored copy on
  // its unique _id anyway, and retries are rare, so the common case saves a
  // round trip. A retry's history event carries the same comment id, which
  // the history check ignores.
  const id = commentIdFor(input.site, input.externalId);

  const rules = deps.rules().forSite(input.site);
  // The engine sees what is stored: with personal data protected, history keys come from the digests.
  const stored = deps.protect ? deps.protect(input) : input;
  const prepared = prepare(stored);
  const now = deps.now();
  const history = await deps.history.recordAndFetch(prepared, id, now, rules.historyWindowSeconds);
  const decision = decide(rules, prepared, history, now);
  const createdAt = new Date(now);

  const doc: CommentDoc = {
    _id: id,
    ...stored,
    source,
    textHash: prepared.textHash,
    createdAt,
    decision: { ...decision, decidedAt: createdAt },
    status: decision.action,
    version: 1,
    // The detected language rides along as "lang:<code>", so the queue's rule filter can select by it.
    rules: [...new Set(decision.reasons.map((r) => `${r.check}:${r.rule}`)), ...(decision.language ? [`lang:${decision.language.code}`] : [])],
  };

  const inserted = await deps.comments.insertNew(doc);
  if (!inserted.created) {
    // A repeat or a lost race with the same externalId: answer with the stored copy.
    if (!inserted.existing) throw new Error(`comment ${id} exists and cannot be read`);
    return { created: false, doc: inserted.existing };
  }
  deps.onStored?.(doc);
  return { created: true, doc };
}
