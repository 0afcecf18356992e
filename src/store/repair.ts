// Settles events whose comment update may not have happened. An action writes
// its event first and updates the comment second; a crash in between leaves a
// pending event with the comment one version behind. Because the event's _id
// names the version it produces, only that event can ever move the comment to
// that version, so a pending event is either still to apply (comment one
// version behind), already applied (the comment shows its effect), or void
// (the comment is gone or moved on in a way this event does not explain).
//
// Applying sets the version to the event's version rather than incrementing
// it: two appliers of the same event (the service and `moderate repair` in
// another process) may both pass the check, and both must then write the same
// thing. Every read and write here is by _id, an index lookup on either
// database; the pending events are found through an index too (embedded/index-client.ts).
import type { CommentDoc } from './comment-model';
import { eventIdFor, lastActionOf, type ModerationEventDoc } from './event-model';
import type { Store } from './store';

export type Settlement =
  | { outcome: 'applied'; comment: CommentDoc; appliedNow: boolean }
  | { outcome: 'void'; comment: CommentDoc | null };

async function mark(store: Store, event: ModerationEventDoc, state: 'applied' | 'void'): Promise<void> {
  await store.events.settle(event._id, state);
}

/** Does the comment, at or past the event's version, show that this event was applied? */
async function showsEffect(store: Store, event: ModerationEventDoc, comment: CommentDoc): Promise<boolean> {
  if (comment.version === event.version) return comment.status === event.to;
  const next = await store.events.byId(eventIdFor(event.commentId, event.version + 1));
  return !!next && next.from === event.to;
}

/** Applies a pending event if its comment is still one version behind, or records what became of it. */
export async function settleEvent(store: Store, event: ModerationEventDoc): Promise<Settlement> {
  // Two rounds: if the comment moves between our read and our update, the second look explains why.
  for (let round = 0; round < 2; round++) {
    const comment = await store.comments.byId(event.commentId);
    if (!comment) {
      await mark(store, event, 'void');
      return { outcome: 'void', comment: null };
    }
    if (comment.version === event.version - 1) {
      const updated = event.edit
        ? await store.comments.applyEditIf(event.commentId, event.version - 1, event.version, event.edit)
        : await store.comments.setStatusIf(event.commentId, event.version - 1, event.to, event.version, lastActionOf(event));
      if (updated) {
        await mark(store, event, 'applied');
        return { outcome: 'applied', comment: updated, appliedNow: true };
      }
      continue;
    }
    if (comment.version >= event.version && (await showsEffect(store, event, comment))) {
      await mark(store, event, 'applied');
      return { outcome: 'applied', comment, appliedNow: false };
    }
    await mark(store, event, 'void');
    return { outcome: 'void', comment };
  }
  const comment = await store.comments.byId(event.commentId);
  if (comment && comment.version >= event.version && (await showsEffect(store, event, comment))) {
    await mark(store, event, 'applied');
    return { outcome: 'applied', comment, appliedNow: false };
  }
  await mark(store, event, 'void');
  return { outcome: 'void', comment };
}

export interface RepairReport {
  examined: number;
  applied: number;
  alreadyApplied: number;
  voided: number;
}

export interface RepairOptions {
  /** Told about each event this run applied to its comment (e.g. to send its webhook). */
  onApplied?: (event: ModerationEventDoc, comment: CommentDoc) => Promise<void>;
  /** Largest number of pending events settled in one run. */
  limit?: number;
  /**
   * Only events at least this old (default 60 s): a younger one may belong to
   * an action still in flight, which finishes it by itself.
   */
  minAgeMs?: number;
  now?: () => number;
}

/** Finds pending events (oldest first) and settles each one. Safe to run while the service runs. */
export async function repairFromEventLog(store: Store, options: RepairOptions = {}): Promise<RepairReport> {
  const before = new Date((options.now ?? Date.now)() - (options.minAgeMs ?? 60_000));
  const pending = await store.events.pending(before, options.limit ?? 10_000);
  const report: RepairReport = { examined: 0, applied: 0, alreadyApplied: 0, voided: 0 };
  for (const event of pending) {
    report.examined += 1;
    const settled = await settleEvent(store, event);
    if (settled.outcome === 'void') report.voided += 1;
    else if (!settled.appliedNow) report.alreadyApplied += 1;
    else {
      report.applied += 1;
      await options.onApplied?.(event, settled.comment);
    }
  }
  return report;
}
