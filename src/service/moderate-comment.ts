// A moderator's action on one comment, with optimistic concurrency and no
// transactions: (1) read the comment and check the expected version, (2) insert
// the event `${id}:v${expected+1}` (its unique _id lets only one action claim
// that version), (3) move the comment with a conditional update on
// {_id, version: expected} that sets version expected+1, (4) mark the event
// applied. The unique event _id is what picks the winner among concurrent
// moderators, on MongoDB and on the embedded FerretDB alike. Both updates are
// by _id with a precondition (store/conditional-update.ts), an index lookup on
// either database whatever the number of stored comments. A crash between (2) and (3) leaves a pending event
// that the next competing action (once the event is older than
// pendingEventGraceMs) or `moderate repair` settles (store/repair.ts).
import { mayAccessSite, type Moderator } from '../access/moderators';
import { moderatorCodeOf } from '../moderation/notice-rules';
import type { Action } from '../moderation/types';
import type { RuleBook } from '../ruleset/loader';
import type { CommentDoc } from '../store/comment-model';
import { eventIdFor, lastActionOf, type ModerationEventDoc } from '../store/event-model';
import { appealIdFor } from '../store/notices';
import { settleEvent } from '../store/repair';
import type { Store } from '../store/store';

export interface ModerationDeps {
  store: Store;
  rules: () => RuleBook;
  now: () => number;
  /** Told about each applied action that changed a status (webhooks); awaited. */
  onModerated?: (event: ModerationEventDoc, comment: CommentDoc) => Promise<void>;
  /** Told about every applied action, changed status or not (closing the comment's reports); awaited. */
  onDecided?: (event: ModerationEventDoc, comment: CommentDoc) => Promise<void>;
  /** A rival pending event younger than this is left to its own action to finish (default 30 s). */
  pendingEventGraceMs?: number;
  /**
   * Actions in flight in this process, by event id: a rival that lost the
   * race here waits for the winner to finish rather than poll the database.
   */
  inFlight?: Map<string, Promise<unknown>>;
}

export interface ActionRequest {
  id: string;
  action: Action;
  expectedVersion: number;
  note?: string;
  reason?: string;
  /** A code from MODERATOR_CODES; a free-text `reason` alone becomes `other` (statement of reasons). */
  reasonCode?: string;
  /** Set by an appeal's decision: the one action an open appeal lets through. */
  decidesAppeal?: true;
}

export type ActionOutcome =
  | { kind: 'done'; comment: CommentDoc; event: ModerationEventDoc }
  | { kind: 'not_found' }
  | { kind: 'conflict'; current: CommentDoc }
  | { kind: 'appeal_open'; current: CommentDoc };

async function readVisible(deps: ModerationDeps, moderator: Moderator, id: string): Promise<CommentDoc | null> {
  const doc = await deps.store.comments.byId(id);
  return doc && mayAccessSite(moderator, doc.site) ? doc : null;
}

async function finish(deps: ModerationDeps, event: ModerationEventDoc, comment: CommentDoc): Promise<ActionOutcome> {
  const applied = { ...event, state: 'applied' as const };
  if (event.from !== event.to) await deps.onModerated?.(applied, comment);
  await deps.onDecided?.(applied, comment);
  return { kind: 'done', comment, event: applied };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The comment once a rival action that claimed the same version is through,
 * so the loser's 409 shows the winner's result. A rival in flight normally
 * finishes within milliseconds; one older than the grace period lost its
 * writer (a crash) and is finished here, so the comment does not stay blocked.
 */
async function afterRival(deps: ModerationDeps, rival: ModerationEventDoc): Promise<CommentDoc | null> {
  if (deps.now() - new Date(rival.at).getTime() >= (deps.pendingEventGraceMs ?? 30_000)) {
    const settled = await settleEvent(deps.store, rival);
    if (settled.outcome === 'applied' && settled.appliedNow && rival.from !== rival.to) await deps.onModerated?.(rival, settled.comment);
    return settled.comment;
  }
  const winner = deps.inFlight?.get(rival._id);
  if (winner) await Promise.race([winner.catch(() => undefined), sleep(2000)]);
  let current = await deps.store.comments.byId(rival.commentId);
  // A winner in another process (or instance): look again until it is through.
  for (let waited = 0; current && current.version < rival.version && waited < 2000; waited += 25) {
    await sleep(25);
    current = await deps.store.comments.byId(rival.commentId);
  }
  return current;
}

export async function moderateComment(deps: ModerationDeps, moderator: Moderator, request: ActionRequest): Promise<ActionOutcome> {
  const comment = await readVisible(deps, moderator, request.id);
  if (!comment) return { kind: 'not_found' };
  if (comment.version !== request.expectedVersion) return { kind: 'conflict', current: comment };
  // An open appeal against this decision is settled by the appeal, by someone
  // other than who decided: an ordinary action would settle it unseen (and let
  // the moderator appealed against reverse or repeat their own decision).
  // Only a hold or reject can be appealed, so published comments cost no read.
  if (!request.decidesAppeal && comment.status !== 'approve') {
    const appeal = await deps.store.notices.appealById(appealIdFor(comment._id, comment.version));
    if (appeal?.state === 'open') return { kind: 'appeal_open', current: comment };
  }

  const version = request.expectedVersion + 1;
  const event: ModerationEventDoc = {
    _id: eventIdFor(comment._id, version),
    commentId: comment._id,
    site: comment.site,
    version,
    actor: moderator.name,
    role: moderator.role,
    action: request.action,
    from: comment.status,
    to: request.action,
    note: request.note ?? null,
    reason: request.reason ?? null,
    reasonCode: moderatorCodeOf(request.reasonCode, request.reason),
    rulesVersion: comment.decision.rulesVersion,
    rulesVersionAtAction: deps.rules().forSite(comment.site).version,
    at: new Date(deps.now()),
    state: 'pending',
  };

  if (!(await deps.store.events.claim(event))) {
    // Another action claimed this version first.
    const rival = await deps.store.events.byId(event._id);
    const current = rival?.state === 'pending' ? await afterRival(deps, rival) : await deps.store.comments.byId(comment._id);
    return current ? { kind: 'conflict', current } : { kind: 'not_found' };
  }
  if (!deps.inFlight) return applyClaimed(deps, event, comment, request);
  const applying = applyClaimed(deps, event, comment, request);
  deps.inFlight.set(event._id, applying);
  try {
    return await applying;
  } finally {
    deps.inFlight.delete(event._id);
  }
}

/** Moves the comment to the version this process's event claimed. */
async function applyClaimed(deps: ModerationDeps, event: ModerationEventDoc, comment: CommentDoc, request: ActionRequest): Promise<ActionOutcome> {
  const version = event.version;
  const updated = await deps.store.comments.setStatusIf(comment._id, request.expectedVersion, request.action, version, lastActionOf(event));
  if (updated) {
    // The comment shows this event's effect, so the event is applied whatever a concurrent repair thought of it.
    await deps.store.events.markApplied(event._id);
    return finish(deps, event, updated);
  }

  // The comment moved between our event and our update: either someone settled
  // our event for us (then the action is ours and done) or the event is void.
  const settled = await settleEvent(deps.store, event);
  if (settled.outcome === 'applied') return finish(deps, event, settled.comment);
  return settled.comment ? { kind: 'conflict', current: settled.comment } : { kind: 'not_found' };
}
