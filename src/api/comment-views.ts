// Stored documents to API answers. Reasons are bounded on the way out too
// (evidence-caps.ts): comments stored before the bounds existed can carry
// thousands of spans.
import type { z } from 'zod';
import { capReasons } from '../moderation/evidence-caps';
import type { CommentDoc } from '../store/comment-model';
import type { decisionResponse, storedCommentResponse } from './comment-schemas';

export function decisionView(doc: CommentDoc): z.infer<typeof decisionResponse> {
  return {
    id: doc._id,
    ...(doc.externalId !== undefined && { externalId: doc.externalId }),
    decision: doc.decision.action,
    status: doc.status,
    reasons: capReasons(doc.decision.reasons),
    scores: doc.decision.scores,
    rulesVersion: doc.decision.rulesVersion,
    createdAt: new Date(doc.createdAt).toISOString(),
    version: doc.version,
    ...(doc.editedAt && { editedAt: new Date(doc.editedAt).toISOString() }),
    ...(doc.decision.language && { detectedLanguage: { code: doc.decision.language.code, confidence: doc.decision.language.confidence } }),
  };
}

export function storedCommentView(doc: CommentDoc): z.infer<typeof storedCommentResponse> {
  const optional = ['articleId', 'articleUrl', 'email', 'ip', 'userAgent', 'parentId', 'language', 'authorId'] as const;
  const view: z.infer<typeof storedCommentResponse> = { ...decisionView(doc), site: doc.site, name: doc.name, text: doc.text, version: doc.version };
  for (const key of optional) if (doc[key] !== undefined && doc[key] !== null) view[key] = doc[key];
  return view;
}
