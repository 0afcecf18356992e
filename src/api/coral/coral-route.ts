// POST /v1/integrations/coral/:site: this service as an external moderation
// phase of Coral. Coral signs the raw body, so the body is read raw, verified,
// then parsed. A NEW comment is stored like any other (source `coral`, with
// Coral's ids); an EDIT is judged again as an edit of the author's latest
// comment on that story under the same parent (Coral sends no comment id).
import express, { Router } from 'express';
import type { CommentInput } from '../../moderation/types';
import { ArticleClosedError } from '../../service/author-standing';
import { editComment } from '../../service/edit-comment';
import { submitComment } from '../../service/submit-comment';
import type { CommentDoc } from '../../store/comment-model';
import type { Store } from '../../store/store';
import { tooManyFailures } from '../auth-failures';
import { ApiError } from '../errors';
import { parseBody } from '../json-body';
import { rateLimited } from '../rate-limit';
import type { CompatDeps } from '../compat/compat-deps';
import { coralAnswer, coralRequest, coralSignatureValid, type CoralRequest } from './coral-contract';

const SITE = /^[A-Za-z0-9._-]{1,100}$/;
/** How many of the author's latest comments an EDIT looks through for the one edited. */
const EDIT_LOOKBACK = 50;

export type CoralDeps = Pick<CompatDeps, 'submit' | 'bodyLimit' | 'limitSite' | 'failures'> & { store: Pick<Store, 'sites' | 'authors' | 'comments' | 'events'> };

const unsigned = () => new ApiError(401, 'invalid_signature', 'X-Coral-Signature does not verify with the signing secret set for this site');

function inputOf(site: string, body: CoralRequest): CommentInput {
  const input: CommentInput = { site, name: body.author.id, text: body.comment.body, authorId: body.author.id, articleId: body.story.id };
  if (/^https?:\/\//i.test(body.story.url)) input.articleUrl = body.story.url;
  if (body.comment.parentID) input.parentId = body.comment.parentID;
  return input;
}

/** The comment an EDIT is about: the author's latest on the story under the same parent. */
async function editedComment(deps: CoralDeps, site: string, body: CoralRequest): Promise<CommentDoc | null> {
  const entries = await deps.store.authors.latest(site, body.author.id, EDIT_LOOKBACK);
  const entry = entries.find((e) => e.articleId === body.story.id && (e.parentId ?? null) === (body.comment.parentID ?? null));
  return entry ? deps.store.comments.byId(entry.commentId) : null;
}

export function coralRouter(deps: CoralDeps): Router {
  const router = Router();
  router.post('/v1/integrations/coral/:site', express.raw({ type: () => true, limit: deps.bodyLimit }), async (req, res) => {
    const wait = deps.failures?.waitFor(req) ?? 0;
    if (wait > 0) throw tooManyFailures(wait);
    const site = req.params.site as string;
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const secrets = SITE.test(site) ? ((await deps.store.sites.byId(site))?.coralSecrets ?? []) : [];
    if (!coralSignatureValid(req.get('X-Coral-Signature'), raw, secrets)) {
      deps.failures?.failed(req);
      throw req.get('X-Coral-Signature') ? unsigned() : new ApiError(401, 'missing_signature', 'send X-Coral-Signature: sha256=<HMAC-SHA256 of the body>');
    }
    const limitWait = deps.limitSite?.(site) ?? 0;
    if (limitWait > 0) throw rateLimited(limitWait, 'the site is over its rate limit');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError(400, 'malformed_json', 'the body is not JSON');
    }
    const body = parseBody(coralRequest, json);
    const coral = { tenantId: body.tenantID, tenantDomain: body.tenantDomain, siteId: body.site.id, storyId: body.story.id, authorRole: body.author.role };
    let doc: CommentDoc;
    try {
      const previous = body.action === 'EDIT' ? await editedComment(deps, site, body) : null;
      const events = deps.submit.events;
      if (previous && events) {
        const outcome = await editComment({ ...deps.submit, events }, previous, { text: body.comment.body, actor: 'coral' });
        // Moderators kept acting on it: no opinion on the new text rather than the old text's decision.
        if (outcome.kind === 'busy') return void res.status(204).end();
        doc = outcome.kind === 'not_found' ? (await submitComment(deps.submit, inputOf(site, body), 'coral', { coral })).doc : outcome.doc;
      } else {
        doc = (await submitComment(deps.submit, inputOf(site, body), 'coral', { coral })).doc;
      }
    } catch (err) {
      // Our article policy closed the story: Coral is told to reject, as it would on a closed story.
      if (err instanceof ArticleClosedError) return void res.json({ status: 'REJECTED' });
      throw err;
    }
    res.json(coralAnswer(doc.status, doc.decision.reasons));
  });
  return router;
}
