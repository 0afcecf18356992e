// Submitting a comment: decide with the current rules and the stored history,
// store the comment with its decision, and only then answer. Shared by the
// JSON API and the Akismet adapter.
import { decide, prepare } from '../moderation/engine';
import type { HistoryStore } from '../moderation/history-keys';
import type { CommentInput } from '../moderation/types';
import type { RuleBook } from '../ruleset/loader';
import { commentIdFor } from '../store/comment-ids';
import type { CommentDoc, CommentSource, CoralIds } from '../store/comment-model';
import type { CommentRepository } from '../store/comments';
import type { ModerationEventDoc } from '../store/event-model';
import type { EventRepository } from '../store/events';
import { articleMode } from '../moderation/standing';
import { ArticleClosedError, type StandingReader } from './author-standing';
import { editComment } from './edit-comment';

export interface SubmitDeps {
  comments: CommentRepository;
  history: HistoryStore;
  rules: () => RuleBook;
  now: () => number;
  /** Applied to what is stored and to the history keys, e.g. digests of IPs and emails (the checks never read them). */
  protect?: (input: CommentInput) => CommentInput;
  /** Told about every newly stored comment (webhooks, metrics); must not throw. */
  onStored?: (doc: CommentDoc) => void;
  /** Author, article and site policies (author-standing.ts); unset: comments are judged alone. */
  standing?: StandingReader;
  /** Edits are events in this log (edit-comment.ts); unset: a repeated externalId never edits. */
  events?: EventRepository;
  /** Told about every applied edit (webhooks); must not throw. */
  onEdited?: (event: ModerationEventDoc, doc: CommentDoc) => void;
}

/** An edit that kept losing the next version to moderators' actions; the site may send it again. */
export class EditBusyError extends Error {
  constructor(readonly version: number) {
    super('the comment kept changing while the edit was judged');
  }
}

export interface SubmitExtra {
  /** With a repeated externalId: the text is an edit made at this time (edit-comment.ts). */
  editedAt?: Date;
  coral?: CoralIds;
}

export interface SubmitResult {
  /** False when this was a repeat of a stored externalId: the stored copy is returned. */
  created: boolean;
  /** True when the repeat carried editedAt and new text, judged again. */
  edited?: boolean;
  doc: CommentDoc;
}

export async function submitComment(deps: SubmitDeps, input: CommentInput, source: CommentSource = 'api', extra: SubmitExtra = {}): Promise<SubmitResult> {
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
  const standing = deps.standing ? await deps.standing.read(stored) : undefined;
  // A closed article takes nothing, not even a retry: the site is told at once.
  if (standing && articleMode(standing.article, now) === 'closed') throw new ArticleClosedError(input.articleId!);
  const history = await deps.history.recordAndFetch(prepared, id, now, rules.historyWindowSeconds);
  const decision = decide(rules, prepared, history, now, standing);
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
    ...(extra.coral && { coral: extra.coral }),
  };

  const inserted = await deps.comments.insertNew(doc);
  if (!inserted.created) {
    // A repeat or a lost race with the same externalId: answer with the stored copy.
    if (!inserted.existing) throw new Error(`comment ${id} exists and cannot be read`);
    if (extra.editedAt && deps.events) {
      const edit = await editComment({ ...deps, events: deps.events }, inserted.existing, { text: input.text, name: input.name, editedAt: extra.editedAt, actor: `site:${input.site}` });
      if (edit.kind === 'busy') throw new EditBusyError(edit.doc.version);
      if (edit.kind !== 'not_found') return { created: false, edited: edit.kind === 'edited', doc: edit.doc };
    }
    return { created: false, doc: inserted.existing };
  }
  await deps.standing?.recorded(doc);
  deps.onStored?.(doc);
  return { created: true, doc };
}
