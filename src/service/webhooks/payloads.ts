// Webhook bodies. They name the comment and the decision but carry neither the
// comment text nor the reader's email or IP: the site already has those.
import type { CommentDoc } from '../../store/comment-model';
import type { ModerationEventDoc } from '../../store/event-model';
import type { StatementOfReasons } from '../../moderation/statement-of-reasons';
import type { AppealDoc, ReportDoc } from '../../store/notice-models';
import type { WebhookEventType } from '../../store/site-model';

export interface WebhookEnvelope {
  /** The delivery id: stable across retries, so receivers can drop repeats. */
  id: string;
  type: WebhookEventType;
  site: string;
  createdAt: string;
  data: Record<string, unknown>;
}

const commentPart = (c: CommentDoc) => ({
  id: c._id,
  ...(c.externalId !== undefined && { externalId: c.externalId }),
  ...(c.articleId !== undefined && { articleId: c.articleId }),
  createdAt: new Date(c.createdAt).toISOString(),
});

export const decidedDeliveryId = (commentId: string): string => `comment.decided:${commentId}`;
export const moderatedDeliveryId = (eventId: string): string => `comment.moderated:${eventId}`;

export function decidedEnvelope(c: CommentDoc, now: Date, statement: StatementOfReasons | null = null): WebhookEnvelope {
  return {
    id: decidedDeliveryId(c._id),
    type: 'comment.decided',
    site: c.site,
    createdAt: now.toISOString(),
    data: {
      comment: commentPart(c),
      decision: {
        action: c.decision.action,
        rulesVersion: c.decision.rulesVersion,
        reasons: c.decision.reasons.map((r) => ({ check: r.check, rule: r.rule, action: r.action, message: r.message })),
      },
      status: c.status,
      version: c.version,
      ...(statement && { statement }),
    },
  };
}

export function moderatedEnvelope(e: ModerationEventDoc, c: CommentDoc, now: Date, statement: StatementOfReasons | null = null): WebhookEnvelope {
  return {
    id: moderatedDeliveryId(e._id),
    type: 'comment.moderated',
    site: e.site,
    createdAt: now.toISOString(),
    data: {
      comment: commentPart(c),
      moderation: { moderator: e.actor, action: e.action, from: e.from, to: e.to, reason: e.reason, at: e.at.toISOString() },
      status: e.to,
      version: e.version,
      ...(statement && { statement }),
    },
  };
}

export const appealDeliveryId = (appealId: string): string => `appeal.decided:${appealId}`;

/** An appeal's outcome, with the statement of its own (who decided, the code, the note for the author). */
export function appealDecidedEnvelope(a: AppealDoc, c: CommentDoc, now: Date): WebhookEnvelope {
  const d = a.decision!;
  return {
    id: appealDeliveryId(a._id),
    type: 'appeal.decided',
    site: a.site,
    createdAt: now.toISOString(),
    data: {
      comment: commentPart(c),
      appeal: { version: a.version, against: a.status, lodgedAt: new Date(a.createdAt).toISOString(), state: a.state },
      statement: { outcome: d.outcome, code: d.code, note: d.note, automatedDecision: false, decidedAt: new Date(d.at).toISOString() },
      status: c.status,
      version: c.version,
    },
  };
}

export const editedDeliveryId = (eventId: string): string => `comment.edited:${eventId}`;

/** New text from the site, judged again: the new decision and the status it replaced (never the text). */
export function editedEnvelope(e: ModerationEventDoc, c: CommentDoc, now: Date): WebhookEnvelope {
  const decision = e.edit!.decision;
  return {
    id: editedDeliveryId(e._id),
    type: 'comment.edited',
    site: e.site,
    createdAt: now.toISOString(),
    data: {
      comment: commentPart(c),
      decision: {
        action: decision.action,
        rulesVersion: decision.rulesVersion,
        reasons: decision.reasons.map((r) => ({ check: r.check, rule: r.rule, action: r.action, message: r.message })),
      },
      edit: { by: e.actor, editedAt: new Date(e.edit!.editedAt).toISOString(), from: e.from, to: e.to },
      status: e.to,
      version: e.version,
    },
  };
}

export const reportsClosedDeliveryId = (eventId: string): string => `reports.closed:${eventId}`;

/**
 * A person decided a reported comment: the reports it closed (ids as the
 * report API answered them, so the site can tell each reader who sent one,
 * as DSA Art. 16(5) asks), upheld by a hold or reject, dismissed by an
 * approve, with the decision's statement of reasons. Never who reported.
 */
export function reportsClosedEnvelope(e: ModerationEventDoc, c: CommentDoc, reports: readonly ReportDoc[], now: Date, statement: StatementOfReasons | null = null): WebhookEnvelope {
  return {
    id: reportsClosedDeliveryId(e._id),
    type: 'reports.closed',
    site: e.site,
    createdAt: now.toISOString(),
    data: {
      comment: commentPart(c),
      reports: reports.map((r) => ({ id: r._id, reason: r.reason, reportedAt: new Date(r.createdAt).toISOString(), state: r.state })),
      decision: { action: e.to, code: e.reasonCode ?? null, decidedAt: new Date(e.at).toISOString(), automatedDecision: false },
      status: e.to,
      version: e.version,
      ...(statement && { statement }),
    },
  };
}
