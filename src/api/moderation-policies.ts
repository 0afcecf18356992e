// Policies moderators set for authors, articles and whole sites:
//   GET|PUT /v1/moderation/authors/:site/:authorId
//   GET|PUT /v1/moderation/articles/:site/:articleId
//   GET|PUT /v1/moderation/sites/:site/hold
// Reads are for viewers, changes for moderators; each change is audited
// (src/service/policies.ts). A key limited to sites gets 403 for another site.
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { articleMode } from '../moderation/standing';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { authorRecord, setArticlePolicy, setAuthorPolicy, setSiteHold, type PolicyDeps } from '../service/policies';
import type { PolicyEventDoc } from '../store/policy-events';
import { validationError } from './errors';
import { jsonBody, parseBody } from './json-body';
import { assertSiteAllowed, requireModeratorRole } from './moderation-access';
import { articleParams, articlePolicyBody, authorParams, siteHoldBody, siteParams, authorPolicyBody, type auditEntry, type authorResponse } from './policy-schemas';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
/** How many of the author's latest comments the panel shows with their text. */
const LATEST_SHOWN = 10;

const auditView = (e: PolicyEventDoc): z.infer<typeof auditEntry> => ({ at: iso(e.at)!, actor: e.actor, role: e.role, change: e.change, previous: e.previous });

function params<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse({ ...req.params });
  if (!parsed.success) throw validationError(parsed.error, 'path');
  assertSiteAllowed(req.moderator!, (parsed.data as { site: string }).site);
  return parsed.data;
}

export function moderationPoliciesRouter(deps: PolicyDeps & { directory: ModeratorDirectory }, bodyLimit: string): Router {
  const router = Router();
  const viewer = requireModeratorRole(deps.directory, 'viewer');
  const moderator = requireModeratorRole(deps.directory, 'moderator');

  const authorView = async (site: string, authorId: string): Promise<z.infer<typeof authorResponse>> => {
    const record = await authorRecord(deps.store, site, authorId, LATEST_SHOWN);
    const p = record.policy;
    return {
      site, authorId,
      policy: { mode: p?.mode ?? 'normal', until: iso(p?.until), notes: p?.notes ?? '', updatedAt: iso(p?.updatedAt), updatedBy: p?.updatedBy ?? null },
      counts: record.counts,
      latest: record.latest.map(({ entry, comment }) => ({ id: entry.commentId, status: entry.status, articleId: entry.articleId, at: iso(entry.at)!, text: comment?.text ?? null })),
      audit: record.audit.map(auditView),
    };
  };

  router.get('/v1/moderation/authors/:site/:authorId', viewer, async (req, res) => {
    const { site, authorId } = params(authorParams, req);
    res.json(await authorView(site, authorId));
  });

  router.put('/v1/moderation/authors/:site/:authorId', moderator, ...jsonBody(bodyLimit), async (req, res) => {
    const { site, authorId } = params(authorParams, req);
    const body = parseBody(authorPolicyBody, req.body);
    await setAuthorPolicy(deps, req.moderator!, site, authorId, { mode: body.mode, until: body.until ? new Date(body.until) : null, notes: body.notes });
    res.json(await authorView(site, authorId));
  });

  const articleView = async (site: string, articleId: string) => {
    const [doc, audit] = await Promise.all([deps.store.articles.byId(site, articleId), deps.store.policyEvents.latest('article', site, articleId, 20)]);
    const standing = doc ? { mode: doc.mode, closeAt: doc.closeAt ? new Date(doc.closeAt).getTime() : null } : undefined;
    return { site, articleId, mode: doc?.mode ?? 'open', closeAt: iso(doc?.closeAt), effectiveMode: articleMode(standing, deps.now()), audit: audit.map(auditView) };
  };

  router.get('/v1/moderation/articles/:site/:articleId', viewer, async (req, res) => {
    const { site, articleId } = params(articleParams, req);
    res.json(await articleView(site, articleId));
  });

  router.put('/v1/moderation/articles/:site/:articleId', moderator, ...jsonBody(bodyLimit), async (req, res) => {
    const { site, articleId } = params(articleParams, req);
    const body = parseBody(articlePolicyBody, req.body);
    await setArticlePolicy(deps, req.moderator!, site, articleId, { mode: body.mode, closeAt: body.closeAt ? new Date(body.closeAt) : null });
    res.json(await articleView(site, articleId));
  });

  const holdView = async (site: string) => {
    const [doc, audit] = await Promise.all([deps.store.sites.byId(site), deps.store.policyEvents.latest('site', site, 'hold', 20)]);
    return { site, holdAll: doc?.holdAll === true, audit: audit.map(auditView) };
  };

  router.get('/v1/moderation/sites/:site/hold', viewer, async (req, res) => {
    res.json(await holdView(params(siteParams, req).site));
  });

  router.put('/v1/moderation/sites/:site/hold', moderator, ...jsonBody(bodyLimit), async (req, res) => {
    const { site } = params(siteParams, req);
    await setSiteHold(deps, req.moderator!, site, parseBody(siteHoldBody, req.body).holdAll);
    res.json(await holdView(site));
  });

  return router;
}
