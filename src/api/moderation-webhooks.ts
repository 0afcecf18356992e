// GET /v1/moderation/webhooks/deliveries?site= (admin): a site's webhook
// deliveries, newest first, with their recent attempts.
import { Router } from 'express';
import type { Model } from 'mongoose';
import type { z } from 'zod';
import type { DeliveryDoc } from '../store/delivery-model';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { assertSiteAllowed, requireModeratorRole } from './moderation-access';
import { parseQuery } from './moderation-queue';
import { deliveriesQuery, type deliveriesResponse } from './moderation-schemas';
import { deliveryLogView } from './moderation-views';

export function moderationWebhooksRouter(deps: { deliveries: Model<DeliveryDoc>; directory: ModeratorDirectory }): Router {
  const router = Router();
  router.get('/v1/moderation/webhooks/deliveries', requireModeratorRole(deps.directory, 'admin'), async (req, res) => {
    const q = parseQuery(deliveriesQuery, req.query);
    assertSiteAllowed(req.moderator!, q.site);
    const docs = await deps.deliveries
      .find({ site: q.site, ...(q.state && { state: q.state }) })
      .sort({ createdAt: -1 })
      .limit(q.limit)
      .lean<DeliveryDoc[]>();
    const body: z.infer<typeof deliveriesResponse> = { deliveries: docs.map(deliveryLogView) };
    res.json(body);
  });
  return router;
}
