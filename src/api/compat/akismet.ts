// Akismet-compatible endpoints (https://akismet.com/developers/), so a site
// that uses an Akismet client only changes the host it talks to. Answers are
// Akismet's plain-text ones, and errors are too (HTTP 200 with a
// X-akismet-debug-help header): clients read the body, not the status.
//
// The key arrives as the api_key field, or, in Akismet's classic scheme that
// clients such as akismet-api still use, as the first label of the host name
// (KEY.rest.akismet.com). Host names are case-insensitive and clients
// lower-case them, so only lower-case keys work in the host form.
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { fromBodyParser } from '../errors';
import { submitComment } from '../../service/submit-comment';
import type { FeedbackLabel } from '../../store/feedback-model';
import { akismetComment } from './akismet-fields';
import type { CompatDeps } from './compat-deps';
import { formBody, formField } from './form-body';
import { judgeWithoutStoring } from './judge-only';

const THANKS = 'Thanks for making the web a better place.';
const BAD_KEY_HELP = 'Invalid API key. Use one of the site keys configured in SITE_KEYS.';

function sendText(res: Response, body: string, headers: Record<string, string> = {}): void {
  res.set(headers).type('text/plain; charset=utf-8').send(body);
}

function sendInvalidKey(res: Response): void {
  sendText(res, 'invalid', { 'X-akismet-debug-help': BAD_KEY_HELP });
}

/** The site's share of the rate limit is used up: 429, and the wait in Retry-After and the debug header. */
function overLimit(res: Response, site: string, deps: CompatDeps): boolean {
  const wait = deps.limitSite?.(site) ?? 0;
  if (wait === 0) return false;
  res.status(429);
  sendText(res, 'rate limited', { 'Retry-After': String(wait), 'X-akismet-debug-help': `Too many requests for this key; retry in ${wait} s.` });
  return true;
}

function presentedKeys(req: Request, fields: string[]): string[] {
  const keys = fields.map((f) => formField(req.body, f)?.trim()).filter((k): k is string => k !== undefined);
  const labels = req.hostname?.split('.') ?? [];
  if (labels.length > 1 && labels[0]) keys.push(labels[0]);
  return keys;
}

/** The site whose key the request carries (field first, then host name), or undefined. */
function siteOf(req: Request, deps: CompatDeps, fields = ['api_key']): string | undefined {
  for (const key of presentedKeys(req, fields)) {
    const site = deps.siteKeys.lookup(key);
    if (site) return site;
  }
  return undefined;
}

/**
 * The request's site, or undefined once the answer is sent: 429 when its
 * address has failed to authenticate too often (before any key is looked at),
 * else Akismet's "invalid" for a key that is not a site's (a failure counted).
 */
function authenticated(req: Request, res: Response, deps: CompatDeps, fields?: string[]): string | undefined {
  const wait = deps.failures?.waitFor(req) ?? 0;
  if (wait > 0) {
    res.status(429);
    sendText(res, 'rate limited', { 'Retry-After': String(wait), 'X-akismet-debug-help': `Too many failed key checks from this address; retry in ${wait} s.` });
    return undefined;
  }
  const site = siteOf(req, deps, fields);
  if (!site) {
    deps.failures?.failed(req);
    sendInvalidKey(res);
  }
  return site;
}

export function akismetRouter(deps: CompatDeps): Router {
  const router = Router();
  const form = formBody(deps.bodyLimit);

  router.post('/1.1/verify-key', form, (req, res) => {
    // Akismet's older clients send "key", newer ones "api_key".
    if (authenticated(req, res, deps, ['key', 'api_key'])) sendText(res, 'valid');
  });

  router.post('/1.1/comment-check', form, async (req, res) => {
    const site = authenticated(req, res, deps);
    if (!site) return;
    if (overLimit(res, site, deps)) return;
    const fields = akismetComment(req.body, site);
    if (!fields.ok) return sendText(res, fields.message, { 'X-akismet-debug-help': fields.debugHelp });
    // is_test calls are judged but not stored: they must not reach the moderation queue.
    const action = fields.isTest
      ? judgeWithoutStoring(deps.submit, fields.input).action
      : (await submitComment(deps.submit, fields.input, 'akismet')).doc.decision.action;
    const headers: Record<string, string> = action === 'reject' ? { 'X-akismet-pro-tip': 'discard' } : {};
    sendText(res, action === 'approve' ? 'false' : 'true', headers);
  });

  const recordFeedback = (label: FeedbackLabel) => async (req: Request, res: Response) => {
    const site = authenticated(req, res, deps);
    if (!site) return;
    if (overLimit(res, site, deps)) return;
    const fields = akismetComment(req.body, site);
    if (!fields.ok) return sendText(res, fields.message, { 'X-akismet-debug-help': fields.debugHelp });
    // Feedback keeps the reader's email and IP like a comment does: as digests when personal data is protected.
    const input = deps.submit.protect ? deps.submit.protect(fields.input) : fields.input;
    await deps.feedback.record({
      site,
      source: 'akismet',
      label,
      text: input.text,
      name: input.name,
      email: input.email,
      ip: input.ip,
      userAgent: input.userAgent,
      articleUrl: input.articleUrl,
      language: input.language,
      createdAt: new Date(deps.submit.now()),
    });
    sendText(res, THANKS);
  };
  router.post('/1.1/submit-spam', form, recordFeedback('spam'));
  router.post('/1.1/submit-ham', form, recordFeedback('ham'));

  // A body the form parser refuses (size, charset, Content-Encoding) is answered in
  // Akismet's form too: plain text, the reason in X-akismet-debug-help. Scoped to
  // /1.1 so errors of other routes never come here.
  const refusedForm: ErrorRequestHandler = (err, _req, res, next) => {
    const refused = fromBodyParser(err ?? {});
    if (!refused) return next(err);
    res.status(refused.status);
    sendText(res, refused.message, { 'X-akismet-debug-help': refused.message });
  };
  router.use('/1.1', refusedForm);

  return router;
}
