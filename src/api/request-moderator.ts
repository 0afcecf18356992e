// The moderator a request authenticated as (set by requireModeratorRole).
import type { Moderator } from '../access/moderators';

declare module 'express-serve-static-core' {
  interface Request {
    moderator?: Moderator;
  }
}
