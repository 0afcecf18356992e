// Builds the Express app from parts made elsewhere; it never listens, so tests
// drive it with supertest and main.ts decides ports and lifetimes.
import express, { type Express } from 'express';
import { commentsRouter } from './api/comments';
import { akismetRouter } from './api/compat/akismet';
import { compatApiPaths } from './api/compat/compat-openapi';
import { perspectiveRouter } from './api/compat/perspective';
import { consoleRouter } from './api/console';
import { errorHandler, notFoundHandler } from './api/errors';
import { healthRouter } from './api/health';
import { moderationApiPaths } from './api/moderation-openapi';
import { moderationRouter, type ModerationSettings } from './api/moderation-routes';
import type { KeyRing } from './access/key-ring';
import type { Moderator } from './access/moderators';
import { openApiDocument } from './api/openapi';
import { rulesTestRouter } from './api/rules-test';
import { requireSiteKey } from './api/site-auth';
import type { Logger } from './logger';
import type { HistoryStore } from './moderation/history-keys';
import type { CommentInput } from './moderation/types';
import type { RuleBook } from './ruleset/loader';
import type { CommentDoc } from './store/comment-model';
import { ServiceMetrics } from './api/observability/metrics';
import { metricsRouter } from './api/observability/metrics-route';
import { ModerationCounts } from './service/moderation-counts';
import { requestLog } from './api/observability/request-log';
import { AuthFailureLimit } from './api/auth-failures';
import { moderatorLimits } from './api/moderator-limits';
import { RateLimiter, rateLimit } from './api/rate-limit';
import { cors, securityHeaders } from './api/security';
import type { PersonalDataProtection } from './service/personal-data';
import { ModeratorDirectory } from './service/moderator-directory';
import type { Store } from './store/store';
import { noticesRouter } from './api/notices';
import { noticeApiPaths } from './api/notice-openapi';
import { noticeDeps } from './api/notice-deps';
import { statementFor } from './service/notices/statements';
import { StandingReader } from './service/author-standing';
import { coralRouter } from './api/coral/coral-route';
import { policyApiPaths } from './api/policy-openapi';

export interface AppParts {
  /** The database (src/store/store.ts): code outside src/store never asks which one it is. */
  store: Store;
  logger: Logger;
  bodyLimit: string;
  rules: () => RuleBook;
  siteKeys: KeyRing<string>;
  moderatorKeys?: KeyRing<Moderator>;
  history?: HistoryStore;
  now?: () => number;
  moderation?: ModerationSettings;
  metrics?: ServiceMetrics;
  /**
   * Requests per minute per site and per moderator key, and failed
   * authentications per minute per client address; unset: no limits.
   */
  rateLimits?: { sitePerMinute: number; moderatorPerMinute: number; authFailuresPerMinute?: number };
  /** The counts behind the stats and the held-queue gauge; unset: made from the store. */
  moderationCounts?: ModerationCounts;
  /** Who may scrape /metrics and how often; `separate`: not served by this app (METRICS_PORT). */
  metricsAccess?: { token?: string; perMinute?: number; separate?: boolean };
  /** Express's "trust proxy": which proxies' X-Forwarded-For gives the client address (TRUST_PROXY). */
  trustProxy?: boolean | number | string;
  corsOrigins?: readonly string[];
  /** Set: IPs and emails are stored as keyed digests (HASH_PERSONAL_DATA). */
  personalData?: PersonalDataProtection;
}

/** Runs every hook; one failing never stops the others or the request. */
function composeHooks(...hooks: Array<(doc: CommentDoc) => void>): (doc: CommentDoc) => void {
  return (doc) => {
    for (const hook of hooks) {
      try {
        hook(doc);
      } catch {
        // Hooks report their own failures; the comment is already stored.
      }
    }
  };
}

/** The routes a site key opens (`:check` is a literal colon). */
const SITE_PATHS = ['/v1/comments', '/v1/comments\\:check'];

export function buildApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (parts.trustProxy !== undefined) app.set('trust proxy', parts.trustProxy);
  const metrics = parts.metrics ?? new ServiceMetrics();
  const { store } = parts;
  // One source of counts per site and status for the stats and the held-queue gauge, queried at most every few seconds.
  const counts = parts.moderationCounts ?? new ModerationCounts(() => store.comments.countsBySiteStatus());
  const countsMaxAgeMs = parts.moderation?.countsMaxAgeMs ?? 5000;
  metrics.countHeldWith(counts, countsMaxAgeMs);
  app.use(requestLog(parts.logger, metrics));
  app.use(securityHeaders());
  app.use(cors(parts.corsOrigins ?? []));
  app.use(healthRouter(() => store.ping()));
  const openapi = openApiDocument({ ...moderationApiPaths(), ...compatApiPaths(), ...noticeApiPaths(), ...policyApiPaths() });
  app.get('/openapi.json', (_req, res) => { res.json(openapi); });

  // Reports and appeals (notice and action); its outbox puts statements of reasons in the webhooks.
  const notices = noticeDeps(store, parts.rules, parts.now ?? Date.now, parts.moderation?.siteCacheMs);
  const outbox = notices.outbox;
  // Author, article and site policies, shared by submissions and the moderation routes that set them.
  const standing = new StandingReader(store, { now: parts.now ?? Date.now, siteCacheMs: parts.moderation?.siteCacheMs });
  const logError = (obj: object, msg: string) => parts.logger.error(obj, msg);
  const submitDeps = {
    standing,
    events: store.events,
    onEdited: outbox.editedHook(logError),
    comments: store.comments,
    history: parts.history ?? store.history,
    rules: parts.rules,
    now: parts.now ?? Date.now,
    protect: parts.personalData && ((input: CommentInput) => parts.personalData!.protect(input)),
    onStored: composeHooks(
      (doc: CommentDoc) => metrics.recordDecision(doc),
      outbox.decidedHook(logError),
    ),
  };
  // One bucket per site, whichever API the comment comes through (ours, Akismet's or Perspective's).
  let limitSite: ((site: string) => number) | undefined;
  let failures: AuthFailureLimit | undefined;
  const onLimited = (kind: string) => () => metrics.rateLimited.inc({ kind });
  if (parts.rateLimits?.authFailuresPerMinute) failures = new AuthFailureLimit(new RateLimiter(parts.rateLimits.authFailuresPerMinute), onLimited('auth_failures'));
  app.use(SITE_PATHS, requireSiteKey(parts.siteKeys, failures));
  // One directory of moderator keys (configured and `moderate keys`) for every moderator route.
  const directory = new ModeratorDirectory(store.moderatorKeys, parts.moderatorKeys, { cacheMs: parts.moderation?.keyCacheMs, now: parts.now });
  if (parts.rateLimits) {
    const sites = new RateLimiter(parts.rateLimits.sitePerMinute);
    const siteLimited = onLimited('site');
    limitSite = (site) => {
      const wait = sites.take(site);
      if (wait > 0) siteLimited();
      return wait;
    };
    // Sites are already authenticated here, so their bucket is the site.
    app.use(SITE_PATHS, rateLimit(sites, (req) => req.site ?? null, siteLimited));
    app.use(['/v1/moderation', '/v1/rules'], moderatorLimits(directory, new RateLimiter(parts.rateLimits.moderatorPerMinute), failures, onLimited('moderator')));
  }
  app.use(commentsRouter(submitDeps, parts.bodyLimit, async (doc) => {
    const statement = await statementFor(store, parts.rules, doc);
    return statement ? { statement } : {};
  }));
  app.use(noticesRouter(notices.moderation, parts.bodyLimit));
  app.use(rulesTestRouter({ directory, rules: parts.rules, now: parts.now }));
  const compat = { submit: submitDeps, feedback: store.feedback, siteKeys: parts.siteKeys, bodyLimit: parts.bodyLimit, limitSite, failures };
  // Served here unless it has a listener of its own (METRICS_PORT).
  if (!parts.metricsAccess?.separate) app.use(metricsRouter(metrics, { token: parts.metricsAccess?.token, perMinute: parts.metricsAccess?.perMinute ?? 600, failures }));
  app.use(akismetRouter(compat));
  app.use(perspectiveRouter(compat));
  app.use(coralRouter({ ...compat, store }));

  app.use(moderationRouter({ directory, rules: parts.rules, bodyLimit: parts.bodyLimit, now: parts.now, settings: parts.moderation, store, counts, standing }));

  app.use(consoleRouter({ directory }));

  app.use(notFoundHandler);
  app.use(errorHandler((obj, msg) => parts.logger.error(obj, msg)));
  return app;
}
