// Everything under /v1/moderation, assembled from the app's parts: moderator
// keys from MODERATOR_KEYS plus those managed with `moderate keys`.
import { Router } from 'express';
import type { RuleBook } from '../ruleset/loader';
import type { ModerationCounts } from '../service/moderation-counts';
import type { ModeratorDirectory } from '../service/moderator-directory';
import type { Store } from '../store/store';
import type { StandingReader } from '../service/author-standing';
import { moderationActionsRouter } from './moderation-actions';
import { moderationCommentsRouter } from './moderation-comments';
import { moderationQueueRouter } from './moderation-queue';
import { moderationWebhooksRouter } from './moderation-webhooks';
import { moderationNoticesRouter } from './moderation-notices';
import { noticeDeps } from './notice-deps';
import { moderationPoliciesRouter } from './moderation-policies';

export interface ModerationSettings {
  /** How long a database moderator key lookup is reused (revocation delay). Default 10 s. */
  keyCacheMs?: number;
  /** The queue stops this far behind now, so slow submissions are never skipped. Default 5 s. */
  queueSettleMs?: number;
  /** Byte bound of a queue page's items. Default 1 MiB. */
  queuePageBytes?: number;
  /** How old the counts behind the stats and the held-queue gauge may be. Default 5 s. */
  countsMaxAgeMs?: number;
  /** How long a site's settings (webhook, hold switch) are reused before being read again. Default 10 s for the webhook, 2 s for the hold switch. */
  siteCacheMs?: number;
}

export interface ModerationParts {
  store: Store;
  directory: ModeratorDirectory;
  rules: () => RuleBook;
  bodyLimit: string;
  now?: () => number;
  settings?: ModerationSettings;
  /** Counts per site and status, shared with /metrics. */
  counts: ModerationCounts;
  /** Author, article and site policies; a moderator's action also moves the author's record. */
  standing?: StandingReader;
}

export function moderationRouter(parts: ModerationParts): Router {
  const now = parts.now ?? Date.now;
  const settings = parts.settings ?? {};
  const { directory, store } = parts;
  const notices = noticeDeps(store, parts.rules, now, settings.siteCacheMs);
  const outbox = notices.outbox;
  const router = Router();
  router.use(moderationQueueRouter({ directory, now, settleMs: settings.queueSettleMs ?? 5000, store, pageBytes: settings.queuePageBytes, counts: parts.counts, countsMaxAgeMs: settings.countsMaxAgeMs ?? 5000 }));
  router.use(moderationCommentsRouter({ store, directory, now }));
  router.use(moderationActionsRouter({
    store, rules: parts.rules, now, directory, inFlight: notices.moderation.inFlight,
    onModerated: async (event, comment) => { await parts.standing?.statusChanged(comment); await outbox.commentModerated(event, comment); },
    onDecided: notices.moderation.onDecided,
  }, parts.bodyLimit));
  router.use(moderationNoticesRouter({ ...notices.moderation, directory, onAppealDecided: async (a, c) => { await outbox.appealDecided(a, c); } }, parts.bodyLimit));
  router.use(moderationWebhooksRouter({ store, directory }));
  router.use(moderationPoliciesRouter({ store, directory, now, standing: parts.standing }, parts.bodyLimit));
  return router;
}
