// GET /v1/moderation/webhooks/deliveries?site= (admin): a site's webhook
// deliveries, newest first, with their recent attempts.
import { Router } from 'express';
import type { z } from 'zod';
import type { ModeratorDirectory } from '../service/moderator-directory';
import type { Store } from '../store/store';
import { assertSiteAllowed, requireModeratorRole } from './moderation-access';
import { parseQuery } from './moderation-queue';
import { deliveriesQuery, type deliveriesResponse } from './moderation-schemas';
import { deliveryLogView } from './moderation-views';

export function moderationWebhooksRouter(deps: { store: Store; directory: ModeratorDirectory }): Router {
  const router = Router();
  router.get('/v1/moderation/webhooks/deliveries', requireModeratorRole(deps.directory, 'admin'), async (req, res) => {
    const q = parseQuery(deliveriesQuery, req.query);
    assertSiteAllowed(req.moderator!, q.site);
    const docs = await deps.store.deliveries.log(q.site, q.state, q.limit);
    const body: z.infer<typeof deliveriesResponse> = { deliveries: docs.map(deliveryLogView) };
    res.json(body);
  });
  return router;
}
