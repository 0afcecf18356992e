// Perspective-compatible endpoints (commentanalyzer v1alpha1), so a site that
// calls Perspective (Coral among others) only changes the endpoint and key.
// analyze judges with the site's rules and stores nothing; suggestscore keeps
// the suggested scores as feedback for retraining.
import express, { Router, type Request } from 'express';
import type { Decision } from '../../moderation/types';
import { echoed } from '../errors';
import { refuseInvalidUtf8 } from '../json-body';
import type { FeedbackLabel } from '../../store/feedback-model';
import { canScore, scoreAttribute, type AttributeSpan } from './attribute-scores';
import type { CompatDeps } from './compat-deps';
import { judgeWithoutStoring } from './judge-only';
import { invalidArgument, PerspectiveError, perspectiveErrorHandler } from './perspective-errors';
import { answerLanguages, requestedLanguages } from './perspective-languages';
import { attributeName, commentText, isObject, requestedAttributes, type RequestedAttribute } from './perspective-request';

// Express 5 paths treat ":" as a parameter; Perspective's method names contain one.
const ANALYZE = '/comments\\:analyze';
const SUGGEST_SCORE = '/comments\\:suggestscore';

const probability = (value: number) => ({ value: Math.round(value * 10_000) / 10_000, type: 'PROBABILITY' as const });

/** The key as Google APIs take it: ?key=... or the X-Goog-Api-Key header. */
function siteOf(req: Request, deps: CompatDeps): string {
  const fromQuery = typeof req.query.key === 'string' ? req.query.key : undefined;
  const key = fromQuery ?? req.get('x-goog-api-key');
  // An address that failed too often is refused before its key is looked at.
  const failedWait = deps.failures?.waitFor(req) ?? 0;
  if (failedWait > 0) throw new PerspectiveError(429, 'RESOURCE_EXHAUSTED', `Too many requests with invalid API keys from this address; retry in ${failedWait} s.`, { 'Retry-After': String(failedWait) });
  const site = key ? deps.siteKeys.lookup(key) : undefined;
  if (!site) {
    deps.failures?.failed(req);
    throw new PerspectiveError(403, 'PERMISSION_DENIED', key ? 'API key not valid. Please pass a valid API key.' : 'The request is missing a valid API key.');
  }
  // Google answers an exhausted quota with 429 RESOURCE_EXHAUSTED; the wait goes in Retry-After.
  const wait = deps.limitSite?.(site) ?? 0;
  if (wait > 0) throw new PerspectiveError(429, 'RESOURCE_EXHAUSTED', `Quota exceeded for this API key; retry in ${wait} s.`, { 'Retry-After': String(wait) });
  return site;
}

function attributeScores(decision: Decision, text: string, requested: RequestedAttribute[], spanAnnotations: boolean) {
  const out: Record<string, unknown> = {};
  for (const { name, scoreThreshold } of requested) {
    if (!canScore(decision, name)) throw invalidArgument(`Attribute ${name} is not available with the rules of this site.`);
    const score = scoreAttribute(decision, name);
    if (scoreThreshold !== undefined && score.value < scoreThreshold) continue;
    // Without spanAnnotations Perspective scores the whole text as one span; with
    // it, the spans are where the evidence is (the whole text when there is none).
    const spans: AttributeSpan[] = spanAnnotations && score.spans.length > 0 ? score.spans : [{ begin: 0, end: text.length, value: score.value }];
    out[name] = {
      spanScores: spans.map((s) => ({ begin: s.begin, end: s.end, score: probability(s.value) })),
      summaryScore: probability(score.value),
    };
  }
  return out;
}

export function perspectiveRouter(deps: CompatDeps): Router {
  const router = Router();
  // Any content type: Google's endpoint reads the body as JSON whatever the header says.
  const json = express.json({ limit: deps.bodyLimit, strict: true, type: () => true, verify: refuseInvalidUtf8 });

  router.post(ANALYZE, json, (req, res) => {
    const site = siteOf(req, deps);
    const text = commentText(req.body);
    const body = req.body as Record<string, unknown>;
    const requested = requestedAttributes(body);
    const asked = requestedLanguages(body);
    // The first requested language is the engine's hint, as a site's language field is.
    const decision = judgeWithoutStoring(deps.submit, { site, name: 'anonymous', text, ...(asked[0] !== undefined && { language: asked[0] }) });
    const { languages, detectedLanguages } = answerLanguages(deps.submit.rules().forSite(site), decision, asked, requested);
    res.json({
      attributeScores: attributeScores(decision, text, requested, body.spanAnnotations === true),
      languages,
      detectedLanguages,
      ...(typeof body.clientToken === 'string' ? { clientToken: body.clientToken } : {}),
    });
  });

  router.post(SUGGEST_SCORE, json, async (req, res) => {
    const site = siteOf(req, deps);
    const text = commentText(req.body);
    const body = req.body as Record<string, unknown>;
    const suggested = body.attributeScores;
    if (!isObject(suggested) || Object.keys(suggested).length === 0) throw invalidArgument('attribute_scores must not be empty.');
    const attributes: Record<string, number> = {};
    for (const [name, score] of Object.entries(suggested)) {
      const summary = isObject(score) && isObject(score.summaryScore) ? score.summaryScore.value : undefined;
      if (typeof summary !== 'number' || summary < 0 || summary > 1) {
        throw invalidArgument(`Attribute ${echoed(name)}: summaryScore.value must be a number between 0 and 1.`);
      }
      attributes[attributeName(name)] = summary;
    }
    const label: FeedbackLabel | undefined = attributes.SPAM === undefined ? undefined : attributes.SPAM >= 0.5 ? 'spam' : 'ham';
    const languages = Array.isArray(body.languages) ? body.languages.filter((l): l is string => typeof l === 'string') : [];
    await deps.feedback.record({
      site,
      source: 'perspective',
      text,
      label,
      attributes,
      language: languages[0],
      createdAt: new Date(deps.submit.now()),
    });
    res.json({
      ...(languages.length ? { requestedLanguages: languages } : {}),
      ...(typeof body.clientToken === 'string' ? { clientToken: body.clientToken } : {}),
    });
  });

  router.use(perspectiveErrorHandler);
  // Under its own prefix, so the error handler above never sees other routes' errors.
  return Router().use('/v1alpha1', router);
}
