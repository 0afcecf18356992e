// Stored documents to API answers.
import type { z } from 'zod';
import type { CommentDoc } from '../store/comment-model';
import type { decisionResponse, storedCommentResponse } from './comment-schemas';

export function decisionView(doc: CommentDoc): z.infer<typeof decisionResponse> {
  return {
    id: doc._id,
    ...(doc.externalId !== undefined && { externalId: doc.externalId }),
    decision: doc.decision.action,
    status: doc.status,
    reasons: doc.decision.reasons,
    scores: doc.decision.scores,
    rulesVersion: doc.decision.rulesVersion,
    createdAt: new Date(doc.createdAt).toISOString(),
  };
}

export function storedCommentView(doc: CommentDoc): z.infer<typeof storedCommentResponse> {
  const optional = ['articleId', 'articleUrl', 'email', 'ip', 'userAgent', 'parentId', 'language'] as const;
  const view: z.infer<typeof storedCommentResponse> = { ...decisionView(doc), site: doc.site, name: doc.name, text: doc.text, version: doc.version };
  for (const key of optional) if (doc[key] !== undefined && doc[key] !== null) view[key] = doc[key];
  return view;
}
