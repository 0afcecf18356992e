// Stored moderation documents to API answers.
import type { z } from 'zod';
import { capReasons } from '../moderation/evidence-caps';
import type { CommentDoc } from '../store/comment-model';
import type { DeliveryDoc } from '../store/delivery-model';
import type { ModerationEventDoc } from '../store/event-model';
import { storedCommentView } from './comment-views';
import type { currentState, deliveryView, historyEntry, moderationCommentResponse, queueItem } from './moderation-schemas';

const iso = (d: Date | string | number) => new Date(d).toISOString();

export function queueItemView(doc: CommentDoc): z.infer<typeof queueItem> {
  return {
    id: doc._id,
    site: doc.site,
    name: doc.name,
    text: doc.text,
    ...(doc.articleId != null && { articleId: doc.articleId }),
    ...(doc.articleUrl != null && { articleUrl: doc.articleUrl }),
    status: doc.status,
    decision: doc.decision.action,
    rules: doc.rules ?? [],
    reasons: capReasons(doc.decision.reasons),
    version: doc.version,
    createdAt: iso(doc.createdAt),
    ...(doc.lastAction && { lastAction: { actor: doc.lastAction.actor, role: doc.lastAction.role, action: doc.lastAction.action, at: iso(doc.lastAction.at) } }),
  };
}

export const currentStateView = (doc: CommentDoc): z.infer<typeof currentState> => ({ id: doc._id, site: doc.site, status: doc.status, version: doc.version });

export function eventView(e: ModerationEventDoc): z.infer<typeof historyEntry> {
  return {
    kind: e.edit ? 'edit' : 'moderator',
    at: iso(e.at),
    version: e.version,
    action: e.action,
    from: e.from,
    to: e.to,
    actor: e.actor,
    role: e.role,
    note: e.note,
    reason: e.reason,
    ...(e.reasonCode && { reasonCode: e.reasonCode }),
    rulesVersion: e.rulesVersionAtAction,
    state: e.state,
    ...(e.edit && { text: e.edit.text, reasons: capReasons(e.edit.decision.reasons), editedAt: iso(e.edit.editedAt) }),
  };
}

/** The automatic decision first (from the comment's immutable decision), then every human event in version order. */
export function moderationCommentView(doc: CommentDoc, events: ModerationEventDoc[]): z.infer<typeof moderationCommentResponse> {
  // After an edit the comment carries the latest text and decision; the first edit kept the original ones.
  const firstEdit = [...events].sort((a, b) => a.version - b.version).find((e) => e.edit && e.state === 'applied')?.edit;
  const original = firstEdit ? firstEdit.previous : { text: doc.text, decision: doc.decision };
  const system: z.infer<typeof historyEntry> = {
    kind: 'system',
    at: iso(original.decision.decidedAt),
    version: 1,
    action: original.decision.action,
    from: null,
    to: original.decision.action,
    actor: 'system',
    role: null,
    note: null,
    reason: null,
    rulesVersion: original.decision.rulesVersion,
    state: 'applied',
    ...(firstEdit && { text: original.text, reasons: capReasons(original.decision.reasons) }),
  };
  return {
    comment: { ...storedCommentView(doc), rules: doc.rules ?? [] },
    decision: {
      action: doc.decision.action,
      reasons: capReasons(doc.decision.reasons),
      scores: doc.decision.scores,
      rulesVersion: doc.decision.rulesVersion,
      decidedAt: iso(doc.decision.decidedAt),
    },
    history: [system, ...[...events].sort((a, b) => a.version - b.version).map(eventView)],
  };
}

export function deliveryLogView(d: DeliveryDoc): z.infer<typeof deliveryView> {
  return {
    id: d._id,
    site: d.site,
    type: d.type,
    commentId: d.commentId,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.state === 'pending' ? iso(d.nextAttemptAt) : null,
    createdAt: iso(d.createdAt),
    deliveredAt: d.deliveredAt ? iso(d.deliveredAt) : null,
    log: (d.log ?? []).map((a) => ({ at: iso(a.at), status: a.status, error: a.error, durationMs: a.durationMs })),
  };
}
