// GET /v1/moderation/me (viewer and up): who the key belongs to, so a client
// such as the moderator console can show the name and role and hide actions
// the role may not take. Answers exactly what the other moderation routes
// would authenticate, database-managed keys included.
import { Router } from 'express';
import type { ModeratorDirectory } from '../service/moderator-directory';
import { requireModeratorRole } from './moderation-access';

export interface ModeratorIdentity {
  name: string;
  role: string;
  /** Sites the key may see; null means every site. */
  sites: string[] | null;
}

export function moderationMeRouter(directory: ModeratorDirectory): Router {
  const router = Router();
  router.get('/v1/moderation/me', requireModeratorRole(directory, 'viewer'), (req, res) => {
    const { name, role, sites } = req.moderator!;
    const body: ModeratorIdentity = { name, role, sites };
    res.json(body);
  });
  return router;
}
