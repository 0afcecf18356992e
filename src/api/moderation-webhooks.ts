// GET /v1/moderation/webhooks/deliveries?site= (admin): a site's webhook
// deliveries, newest first, with their recent attempts. On the embedded
// database the ids come from its SQLite index (as the queue's do).
import { Router } from 'express';
import type { Model } from 'mongoose';
import type { z } from 'zod';
import type { DeliveryDoc } from '../store/delivery-model';
import type { ModerationIndex } from '../store/embedded/index-client';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { assertSiteAllowed, requireModeratorRole } from './moderation-access';
import { fromIndex, parseQuery } from './moderation-queue';
import { deliveriesQuery, type deliveriesResponse } from './moderation-schemas';
import { deliveryLogView } from './moderation-views';

/**
 * The deliveries behind an index's ids, in the ids' order, each read by _id.
 * One whose state changed since the index was read is left out when the log
 * asked for a state, as the query would leave it out now.
 */
async function deliveriesInOrder(deliveries: Model<DeliveryDoc>, ids: readonly string[], state: string | undefined): Promise<DeliveryDoc[]> {
  const docs = await Promise.all(ids.map((id) => deliveries.findById(id).lean<DeliveryDoc>()));
  return docs.filter((d): d is DeliveryDoc => d !== null && (state === undefined || d.state === state));
}

export function moderationWebhooksRouter(deps: { deliveries: Model<DeliveryDoc>; directory: ModeratorDirectory; index?: ModerationIndex }): Router {
  const router = Router();
  router.get('/v1/moderation/webhooks/deliveries', requireModeratorRole(deps.directory, 'admin'), async (req, res) => {
    const q = parseQuery(deliveriesQuery, req.query);
    assertSiteAllowed(req.moderator!, q.site);
    const docs = deps.index
      ? await deliveriesInOrder(deps.deliveries, await fromIndex(deps.index.deliveryLog(q.site, q.state, q.limit)), q.state)
      : await deps.deliveries
        .find({ site: q.site, ...(q.state && { state: q.state }) })
        .sort({ createdAt: -1 })
        .limit(q.limit)
        .lean<DeliveryDoc[]>();
    const body: z.infer<typeof deliveriesResponse> = { deliveries: docs.map(deliveryLogView) };
    res.json(body);
  });
  return router;
}
