// New text for a stored comment (PUT /v1/comments/:id, a repeated externalId
// with editedAt, Coral's EDIT). The checks run again on the new text and the
// result is an edit event in the events log, claimed like a moderator's action
// on the next version (`<id>:v<n>`): a moderator acting on the version before
// the edit gets 409 and sees the new text, so an earlier approval never
// covers text it did not see. The event keeps both texts and both decisions.
import { decide, prepare } from '../moderation/engine';
import type { CommentInput } from '../moderation/types';
import type { CommentDoc, StoredDecision } from '../store/comment-model';
import { eventIdFor, type EditRecord, type ModerationEventDoc } from '../store/event-model';
import type { EventRepository } from '../store/events';
import { settleEvent } from '../store/repair';
import type { Store } from '../store/store';
import { ArticleClosedError } from './author-standing';
import { articleMode } from '../moderation/standing';
import type { SubmitDeps } from './submit-comment';

export interface EditDeps extends SubmitDeps {
  events: EventRepository;
}

export interface EditChange {
  text: string;
  name?: string;
  /** When the reader edited, as the site says; an edit older than the stored one is ignored. */
  editedAt?: Date;
  /** Who sent it, for the history (`site:news1`, `coral`). */
  actor: string;
}

export type EditOutcome =
  | { kind: 'edited'; doc: CommentDoc; event: ModerationEventDoc }
  | { kind: 'unchanged'; doc: CommentDoc }
  | { kind: 'not_found' }
  /** Other actions kept taking the next version: the site may retry. */
  | { kind: 'busy'; doc: CommentDoc };

const inputOf = (doc: CommentDoc, change: EditChange): CommentInput => {
  const input: CommentInput = { site: doc.site, name: change.name ?? doc.name, text: change.text };
  for (const key of ['email', 'ip', 'userAgent', 'articleId', 'articleUrl', 'parentId', 'externalId', 'language', 'authorId'] as const) {
    if (doc[key] != null) input[key] = doc[key];
  }
  return input;
};

/** An edit racing a moderator's action retries on the version that action left. */
const ATTEMPTS = 10;
/** A rival event still pending after this long lost its writer (a crash) and is settled here, as actions do. */
const PENDING_GRACE_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for (or, once it is old, finishes) the rival event that claimed the version this edit wanted. */
async function afterRival(deps: EditDeps, eventId: string, now: number): Promise<void> {
  const rival = await deps.events.byId(eventId);
  if (rival?.state !== 'pending') return;
  if (now - new Date(rival.at).getTime() >= PENDING_GRACE_MS) {
    // settleEvent reads and writes only the comments and events.
    await settleEvent({ comments: deps.comments, events: deps.events } as unknown as Store, rival);
    return;
  }
  await sleep(25);
}

export async function editComment(deps: EditDeps, start: CommentDoc, change: EditChange): Promise<EditOutcome> {
  let current: CommentDoc | null = start;
  for (let attempt = 0; attempt < ATTEMPTS && current; attempt++) {
    const doc: CommentDoc = current;
    if (change.text === doc.text && (change.name ?? doc.name) === doc.name) return { kind: 'unchanged', doc };
    if (change.editedAt && doc.editedAt && change.editedAt.getTime() <= new Date(doc.editedAt).getTime()) return { kind: 'unchanged', doc };

    // Personal data on the stored comment is protected already; only the new text and name are new.
    const input = inputOf(doc, change);
    const rules = deps.rules().forSite(doc.site);
    const prepared = prepare(input);
    const now = deps.now();
    const standing = deps.standing ? await deps.standing.read(input, doc._id) : undefined;
    if (standing && articleMode(standing.article, now) === 'closed') throw new ArticleClosedError(input.articleId!);
    const history = await deps.history.recordAndFetch(prepared, doc._id, now, rules.historyWindowSeconds);
    const decided = decide(rules, prepared, history, now, standing);
    const at = new Date(now);
    const decision: StoredDecision = { ...decided, decidedAt: at };
    const edit: EditRecord = {
      text: input.text, name: input.name, textHash: prepared.textHash, decision,
      rules: [...new Set(decided.reasons.map((r) => `${r.check}:${r.rule}`))],
      editedAt: change.editedAt ?? at,
      previous: { text: doc.text, name: doc.name, decision: doc.decision },
    };
    const version = doc.version + 1;
    const event: ModerationEventDoc = {
      _id: eventIdFor(doc._id, version), commentId: doc._id, site: doc.site, version,
      actor: change.actor, role: 'site', action: decided.action, from: doc.status, to: decided.action,
      note: null, reason: 'edited', rulesVersion: doc.decision.rulesVersion, rulesVersionAtAction: decided.rulesVersion,
      at, state: 'pending', edit,
    };
    if (!(await deps.events.claim(event))) {
      // A moderator (or another edit) took this version: judge again on what it left.
      await afterRival(deps, event._id, now);
      current = await deps.comments.byId(doc._id);
      continue;
    }
    const updated = await deps.comments.applyEditIf(doc._id, doc.version, version, edit);
    if (!updated) {
      // Only this event can move the comment to its version: the comment is gone.
      await deps.events.settle(event._id, 'void');
      return { kind: 'not_found' };
    }
    await deps.events.markApplied(event._id);
    const applied = { ...event, state: 'applied' as const };
    await deps.standing?.statusChanged(updated);
    deps.onEdited?.(applied, updated);
    return { kind: 'edited', doc: updated, event: applied };
  }
  return current ? { kind: 'busy', doc: current } : { kind: 'not_found' };
}
